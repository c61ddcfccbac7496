# Seeds Shuup's default shop for the benchmark (idempotent; run with `python -m shuup_workbench shell`):
#   shop currency GBP, prices include tax, no tax rules (so no tax);
#   ONE product "Shuup Test Mug" (sku SHUUP-MUG-001), 19.90, always visible and purchasable, from
#   the default supplier (no stock management: unlimited);
#   two shipping methods of one custom carrier: "Standard Shipping" 4.90 and "Express Shipping" 9.90;
#   one payment method: Shuup's own custom processor's "manual" service ("Manually processed
#   payment"), named "Cash on delivery". (Its "cash" service is for the point of sale: Shuup attaches
#   a staff-only component to it, and a guest then sees "No method is available".)
# Guest checkout: Shuup's default (SHUUP_ALLOW_ANONYMOUS_ORDERS = True).
from decimal import Decimal

from shuup.core.models import (
    CustomCarrier, CustomPaymentProcessor, FixedCostBehaviorComponent, PaymentMethod, Product,
    ProductType, ProductVisibility, SalesUnit, ShippingMethod, ShippingMode, Shop, ShopProduct,
    ShopProductVisibility, ShopStatus, Supplier, TaxClass,
)

shop = Shop.objects.get(identifier="default")
shop.currency = "GBP"
shop.prices_include_tax = True
shop.maintenance_mode = False
shop.status = ShopStatus.ENABLED
shop.domain = "127.0.0.1"
shop.set_current_language("en")
shop.name = shop.public_name = "Shuup Benchmark Shop"
shop.save()

tax_class = TaxClass.objects.filter(identifier="default").first()
if not tax_class:
    tax_class = TaxClass.objects.create(identifier="default", name="Default")
supplier = Supplier.objects.get(identifier="default")
supplier.shops.add(shop)

product = Product.objects.filter(sku="SHUUP-MUG-001").first()
if not product:
    product = Product.objects.create(
        sku="SHUUP-MUG-001", name="Shuup Test Mug", description="A mug for the benchmark.",
        type=ProductType.objects.get(identifier="default"), sales_unit=SalesUnit.objects.first(),
        tax_class=tax_class, shipping_mode=ShippingMode.SHIPPED, gross_weight=300, net_weight=300,
    )
sp, _ = ShopProduct.objects.get_or_create(product=product, shop=shop, defaults={"default_price_value": Decimal("19.90")})
sp.default_price_value = Decimal("19.90")
sp.visibility = ShopProductVisibility.ALWAYS_VISIBLE
sp.visibility_limit = ProductVisibility.VISIBLE_TO_ALL
sp.purchasable = True
sp.save()
sp.suppliers.add(supplier)

carrier = CustomCarrier.objects.filter(identifier="benchmark-carrier").first()
if not carrier:
    carrier = CustomCarrier.objects.create(identifier="benchmark-carrier", name="Benchmark Carrier")
for ident, name, price in (("standard", "Standard Shipping", "4.90"), ("express", "Express Shipping", "9.90")):
    if not ShippingMethod.objects.filter(identifier=ident).exists():
        m = carrier.create_service("manual", identifier=ident, shop=shop, tax_class=tax_class, enabled=True, name=name)
        m.behavior_components.add(FixedCostBehaviorComponent.objects.create(price_value=Decimal(price)))

processor = CustomPaymentProcessor.objects.filter(identifier="benchmark-payments").first()
if not processor:
    processor = CustomPaymentProcessor.objects.create(identifier="benchmark-payments", name="Benchmark Payments")
cod = PaymentMethod.objects.filter(identifier="cod").first()
if cod and cod.choice_identifier != "manual":
    cod.delete()
    cod = None
if not cod:
    processor.create_service("manual", identifier="cod", shop=shop, tax_class=tax_class, enabled=True, name="Cash on delivery")
print("seeded: product", product.pk, "shop product", sp.pk)
