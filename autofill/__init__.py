"""autofill: understands checkout pages and buys things on them.

    from autofill import Engine, Profile
    fields = Engine().classify_html(html)
"""
from .engine import ClassifyResult, Engine
from .errors import AutofillError
from .field import Field
from .fill.profile import Profile

__all__ = ["Engine", "Profile", "Field", "ClassifyResult", "AutofillError"]
__version__ = "0.1.0"
