"""One paid shipping method, so the order total is more than the item price."""
from decimal import Decimal

from oscar.apps.shipping import methods, repository


class RoyalMail(methods.FixedPrice):
    code = "royal-mail"
    name = "Royal Mail 2nd Class"
    charge_excl_tax = Decimal("3.95")
    charge_incl_tax = Decimal("3.95")


class Repository(repository.Repository):
    methods = (RoyalMail(),)
