"""What Oscar's DB holds: order count and the last order's email, shipping address, totals."""
from oscar.apps.order.models import Order
from oscar.apps.partner.models import StockRecord


def show():
    print("orders:", Order.objects.count())
    o = Order.objects.order_by("-id").first()
    if o:
        a = o.shipping_address
        src = o.sources.first()
        print(f"last: {o.number} email={o.guest_email or o.email} total={o.total_incl_tax} {o.currency} "
              f"shipping={o.shipping_incl_tax} ({o.shipping_method})")
        print(f"  ship to: {a.first_name} {a.last_name} | {a.line1} | {a.line2} | {a.line4} | {a.state} | "
              f"{a.postcode} | {a.country_id} | {a.phone_number}")
        print(f"  payment: {src.source_type.name if src else None} {src.reference if src else ''}")


def reset():
    from oscar.apps.basket.models import Basket
    Order.objects.all().delete()
    Basket.objects.all().delete()
    StockRecord.objects.update(num_in_stock=1000, num_allocated=0)
    print("orders:", Order.objects.count())


import os  # noqa: E402

reset() if os.environ.get("OSCAR_ORDERS_ACTION") == "reset" else show()
