"""Saving and loading the trained models (fields, page kinds, actions, product prices), with one
trust policy for all of them.

Models are stored with skops, not pickle: loading one runs no code from the file. skops itself
trusts scikit-learn's, numpy's and scipy's building blocks; beyond those, a type is accepted only
when it is scikit-learn's own (a gradient-boosting tree predictor, say). Anything else — a
builtins function, an arbitrary class — makes the file refused with one line.
"""
from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..errors import AutofillError

TRUSTED_PREFIXES = ("sklearn.",)


class ModelError(AutofillError):
    """A model file that cannot be used: unreadable, or holding a type the policy refuses."""


def save_model(model: Any, path: Path) -> Path:
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    # skops writes vocabularies as verbose JSON; deflate keeps the file small.
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def load_model(path: Path) -> Optional[Any]:
    """The model stored at `path`, or None when there is none (rules then decide alone)."""
    if not path.exists():
        return None
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:
        raise ModelError(f"cannot read the model {path.name}: {exc.__class__.__name__}") from None
    refused = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise ModelError(f"{path.name}: refusing to load untrusted type {refused[0]}")
    try:
        return sio.load(path, trusted=untrusted)
    except Exception as exc:
        raise ModelError(f"cannot load the model {path.name}: {exc.__class__.__name__}") from None


@lru_cache(maxsize=8)
def bundled_model(path: Path) -> Optional[Any]:
    """`load_model`, once per process: the models the engine ships are read-only."""
    return load_model(path)
