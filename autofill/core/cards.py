"""Card numbers as a checksum sees them (python-stdnum's Luhn), for the profile's validation and
the fixture shops' card check alike."""
from __future__ import annotations

from stdnum import luhn


def luhn_ok(number: str) -> bool:
    """12 to 19 digits (spaces and dashes ignored) whose Luhn checksum holds."""
    digits = "".join(c for c in number if c.isdigit())
    return 12 <= len(digits) <= 19 and luhn.is_valid(digits)
