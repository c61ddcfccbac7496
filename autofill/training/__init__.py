"""Training beside the runtime: labeled data (the fixture shops, `../shared/datasets`, synthetic
pages), the trainers of all four models (fields, page kinds, actions, product prices) and their
cross-validated reports. Only this package (and the fixture server it drives) builds training
data; the runtime (`autofill.page`, `.classify`, `.fill`, `.flow`, `.product`) never imports it
(`tests/test_layers.py` holds that with import-linter).
"""
from __future__ import annotations

from typing import Callable, Sequence


def train_all(exclude: Sequence[str] = (), cv: bool = True, kinds: bool = True,
              log: Callable[[str], None] = print) -> None:
    """`autofill train`: the field classifier, then (in a browser) the page-kind and action models."""
    from .fields import run_training

    run_training(("fixtures", "formasaurus", "ddg-dev"), exclude=tuple(exclude), cv=cv, log=log)
    if kinds:
        from ..flow.browser import browser
        from .actions import train_default as train_actions
        from .kinds import fixture_states, train_default as train_kinds

        with browser() as driver:
            log(f"page kinds: {train_kinds(extra=fixture_states(driver))}")
            log(f"actions: {train_actions(driver)}")
