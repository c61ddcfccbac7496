"""Idempotent shop data: the site on 127.0.0.1, GB as the only shipping country, one mug in stock."""
from decimal import Decimal

import pycountry
from django.contrib.sites.models import Site
from oscar.apps.address.models import Country
from oscar.apps.catalogue.models import Product, ProductClass
from oscar.apps.partner.models import Partner, StockRecord

Site.objects.update_or_create(id=1, defaults={"domain": "127.0.0.1", "name": "Oscar Test Shop"})
for c in pycountry.countries:
    Country.objects.update_or_create(
        iso_3166_1_a2=c.alpha_2,
        defaults={"iso_3166_1_a3": c.alpha_3, "iso_3166_1_numeric": c.numeric, "printable_name": c.name,
                  "name": getattr(c, "official_name", c.name), "is_shipping_country": c.alpha_2 == "GB"})
Country.objects.filter(iso_3166_1_a2="GB").update(printable_name="United Kingdom", display_order=1)
pc, _ = ProductClass.objects.get_or_create(name="Mugs", defaults={"requires_shipping": True, "track_stock": True})
product, _ = Product.objects.get_or_create(upc="MUG-001", defaults={"title": "Oscar Test Mug", "product_class": pc,
                                                                     "structure": Product.STANDALONE})
partner, _ = Partner.objects.get_or_create(name="Oscar Test Shop")
StockRecord.objects.update_or_create(product=product, partner=partner, defaults={
    "partner_sku": "MUG-001", "price_currency": "GBP", "price": Decimal("12.50"), "num_in_stock": 1000})
print("product", product.get_absolute_url())
