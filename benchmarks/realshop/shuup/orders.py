# Orders in Shuup's own DB (run with `python -m shuup_workbench shell`): the count and the last
# order's contact, shipping address, total and methods. SHUUP_ORDERS_ACTION=reset deletes every
# order (with its lines, payments, logs and addresses) and every stored basket instead.
import os

from django.db import transaction
from django.db.models import ProtectedError

from shuup.core.models import ImmutableAddress, Order

if os.environ.get("SHUUP_ORDERS_ACTION") == "reset":
    from shuup.front.models import StoredBasket

    with transaction.atomic():
        # QuerySet.delete(): Order.delete() is only a soft delete (it sets `deleted`).
        address_ids = set()
        for o in Order.objects.all():
            address_ids.update(x for x in (o.billing_address_id, o.shipping_address_id) if x)
            o.payments.all().delete()
            o.shipments.all().delete()
        for _ in range(20):  # rows that PROTECT an order (status history, …) go first
            try:
                Order.objects.all().delete()
                break
            except ProtectedError as e:
                for obj in list(e.protected_objects):
                    type(obj).objects.filter(pk=obj.pk).delete()
        ImmutableAddress.objects.filter(pk__in=address_ids).delete()
        StoredBasket.objects.all().delete()
    print("orders and baskets deleted")
else:
    print("orders:", Order.objects.count())
    o = Order.objects.order_by("-id").first()
    if o:
        a = o.shipping_address
        print(" | ".join([
            "last: #%s (id %s, reference %s)" % (o.identifier, o.pk, o.reference_number),
            "email=%s" % o.email, "name=%s" % (a.name if a else ""),
            "address=%s / %s" % (a.street if a else "", a.street2 if a else ""),
            "city=%s" % (a.city if a else ""), "region=%s" % (a.region or a.region_code if a else ""),
            "postcode=%s" % (a.postal_code if a else ""), "country=%s" % (a.country.code if a and a.country else ""),
            "phone=%s" % (o.phone or (a.phone if a else "")),
            "total=%.2f %s" % (o.taxful_total_price_value, o.currency),
            "shipping=%s" % (o.shipping_method_name or ""), "payment=%s" % (o.payment_method_name or ""),
            "marketing=%s" % getattr(o, "marketing_permission", ""),
        ]))
