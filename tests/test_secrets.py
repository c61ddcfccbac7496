"""Secrets in text (SPEC guarantee 6, docs/security.md §3): where a secret is masked, every output
string scrubbed, and how long the process-wide registry holds a secret. Pure Python, no browser.

Cards used here are held by no other test (the shared demo card is), so "forgotten" can be seen.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
import typing
from contextlib import contextmanager

import pytest
from pydantic import BaseModel

from autofill.errors import AutofillError, RuleFileError
from autofill.fill import secrets as reg
from autofill.fill.profile import Profile
from autofill.fill.redact import Redactor

CARD = "4000056655665556"
CVC = "418"
OTHER_CARD = "5555555555554444"


def data(card: str = CARD, cvc: str = CVC) -> dict:
    return {"email": "sam.taylor@example.org",
            "shipping": {"given_name": "Sam", "family_name": "Taylor", "address_line1": "12 Harbour Road",
                         "city": "Bristol", "postal_code": "BS1 4DJ", "country": "GB"},
            "card": {"name": "Sam Taylor", "number": card, "exp_month": 11, "exp_year": 2031, "csc": cvc}}


def leaks(text: str) -> bool:
    return reg.Masker("card", CARD).found(text) or CVC in text


@pytest.fixture
def redact() -> Redactor:
    return Redactor(Profile.model_validate(data()))


# ------------------------------------------------------------------------ where a CVC is masked
@pytest.mark.parametrize("text", [
    "security code 418", "CVV2: 418", "(security code 418) declined", "Kartenprüfnummer 418",
    "Prufnummer: 418", "cryptogramme visuel : 418", "código de seguridad 418", "418 (CVC)",
    "https://shop.example/pay?card_cvc=418&x=1", "?payment%5Bcvv%5D=418", "/r?cardcvc=418",
    "security_code=418", "security%20code%3A%20418", "418", "  418 ",
    "{'name': 'cc-field', 'kind': 'text', 'value': '418', 'option_index': None}", '{"11":{"value":"418"}}',
])
def test_a_cvc_next_to_a_cvc_word_is_masked(redact, text):
    out = redact.scrub(text)
    assert CVC not in out and "•••" in out, out


@pytest.mark.parametrize("text", [
    "418 Main Street", "order 100418", "Order #418 placed", "Room 418, upstairs", "price 418 EUR",
    "order 418 shipped; your card code was accepted earlier today",  # the word is too far away
])
def test_an_equal_number_elsewhere_is_left_alone(redact, text):
    assert redact.scrub(text) == text


@pytest.mark.parametrize("text", ["card 4000056655665556 declined", "4000 0566 5566 5556", "4000-0566-5566-5556",
                                  "4000.0566.5566.5556", "?cc=4000%200566%205566%205556", "n=4000+0566+5566+5556"])
def test_a_card_number_is_masked_in_any_grouping_anywhere(redact, text):
    out = redact.scrub(text)
    assert not leaks(out) and "•••• 5556" in out, out


def test_the_cvc_word_file_is_validated(tmp_path, monkeypatch):
    from autofill.fill import cvc_words

    bad = tmp_path / "secrets.yaml"
    bad.write_text("max_distance: 24\nmax_after: 12\nwords:\n  en: [cvc, 'code (cvv)']\n", encoding="utf-8")
    monkeypatch.setattr(cvc_words, "RULES_FILE", bad)
    cvc_words.rules.cache_clear()
    cvc_words.words_source.cache_clear()
    try:
        with pytest.raises(RuleFileError, match=r"secrets.yaml: rule words: .*code \(cvv\)"):
            cvc_words.rules()
    finally:
        cvc_words.rules.cache_clear()
        cvc_words.words_source.cache_clear()


# ------------------------------------------------------------------------ every output string
def _fill(model: type[BaseModel], text: str) -> BaseModel:
    """An instance of `model` with `text` in every string field, recursively (Literal fields
    keep their first allowed value): a field added later is covered without editing the test."""
    values = {}
    for name, field in model.model_fields.items():
        values[name] = _value(field.annotation, text)
    return model(**values)


def _value(tp, text):
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is str:
        return text
    if origin is typing.Literal:
        return args[0]
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], text) if inner else None
    if origin is list:
        return [_value(args[0], text)]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _fill(tp, text)
    return None


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for n in type(value).model_fields for s in _strings(getattr(value, n))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_walk_finish_scrubs_every_string_of_the_result():
    from autofill.flow.result import PurchaseResult
    from autofill.flow.walk import Walk

    echo = "card 4000 0566 5566 5556 (security code 418) declined"
    walk = Walk(None, None, Profile.model_validate(data()), max_total=None, dry_run=True, timeout=5,
                screenshots=None, progress=None)
    walk.result = _fill(PurchaseResult, echo)
    assert sum(echo in s for s in _strings(walk.result)) >= 12  # order_reference, total, step fields...
    result = walk.finish("failed", echo)
    strings = _strings(result)
    assert not [s for s in strings if leaks(s)], strings
    assert result.order_reference == "card •••• 5556 (security code •••) declined"
    assert not leaks(result.model_dump_json())


def test_progress_messages_are_scrubbed():
    from autofill.flow.walk import Walk

    said: list[str] = []
    walk = Walk(None, None, Profile.model_validate(data()), max_total=None, dry_run=True, timeout=5,
                screenshots=None, progress=said.append)
    walk.say("step 2: review https://shop.example/review?cardnumber=4000056655665556&cvc=418")
    assert said and not leaks(said[0]) and "•••• 5556" in said[0]


# ------------------------------------------------------------------------ how long secrets live
def test_a_scope_holds_secrets_until_it_ends_even_on_error():
    assert not reg.holds(OTHER_CARD)
    with reg.scope([("card", OTHER_CARD)]):
        assert reg.holds(OTHER_CARD)
        assert reg.scrub_any(f"n {OTHER_CARD}") == "n •••• 4444"
    assert not reg.holds(OTHER_CARD) and reg.scrub_any(OTHER_CARD) == OTHER_CARD
    with pytest.raises(ValueError):
        with reg.scope([("card", OTHER_CARD)]):
            raise ValueError("boom")
    assert not reg.holds(OTHER_CARD)


def test_two_flows_with_the_same_card_do_not_unregister_each_other():
    first, second = reg.scope([("card", OTHER_CARD)]), reg.scope([("card", OTHER_CARD)])
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert reg.holds(OTHER_CARD)  # the second flow still runs
    second.__exit__(None, None, None)
    assert not reg.holds(OTHER_CARD)


def test_scopes_are_thread_safe(monkeypatch):
    """Eight flows enter and leave scopes of the same card at once. Building a masker is made slow,
    so without the lock two threads would both find the card missing, both add it with one holder,
    and the first to leave would take it from the others."""
    class SlowMasker(reg.Masker):
        def __init__(self, *a) -> None:
            time.sleep(0.002)
            super().__init__(*a)

    monkeypatch.setattr(reg, "Masker", SlowMasker)
    errors: list[str] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(20):
            with reg.scope([("card", OTHER_CARD), ("cvc", "981")]):
                time.sleep(0.001)
                if not reg.holds(OTHER_CARD):
                    errors.append("lost while held")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert not reg.holds(OTHER_CARD) and not reg.holds("981")


def test_purchase_holds_the_profiles_secrets_only_while_the_flow_runs(monkeypatch):
    """A profile that registered nothing itself (model_construct skips validation): the flow's own
    scope is what holds its secrets, released when the flow returns or raises."""
    from autofill.fill.profile import Address, Card
    from autofill.flow import browser as browser_mod
    from autofill.flow import walk as walk_mod

    profile = Profile.model_construct(email="sam@example.org", shipping=Address(**data()["shipping"]),
                                      card=Card(**data(OTHER_CARD, "981")["card"]), billing="same",
                                      phone=None, username=None, password=None)
    assert not reg.holds(OTHER_CARD)

    @contextmanager
    def no_browser(**_):
        yield None

    seen: list[bool] = []

    def run(self, url):
        seen.append(reg.holds(OTHER_CARD) and reg.holds("981"))
        if url == "raise":
            raise AutofillError("page gone")
        return self.finish("failed", "stop")

    monkeypatch.setattr(browser_mod, "browser", no_browser)
    monkeypatch.setattr(walk_mod.Walk, "run", run)
    engine = type("E", (), {"warm_up": lambda self: None})()
    kw = dict(max_total=None, dry_run=True, remote=None, timeout=5, screenshots=None, progress=None)
    assert walk_mod.purchase(engine, "ok", profile, **kw).status == "failed"
    assert not reg.holds(OTHER_CARD) and not reg.holds("981")
    with pytest.raises(AutofillError):
        walk_mod.purchase(engine, "raise", profile, **kw)
    assert seen == [True, True]
    assert not reg.holds(OTHER_CARD) and not reg.holds("981")


@pytest.mark.parametrize("how", ["constructor", "model_validate", "load", "model_copy", "deepcopy"])
def test_a_profile_built_any_way_registers_its_secrets_until_it_is_collected(how, tmp_path, caplog):
    import yaml

    assert not reg.holds(CARD)
    if how == "constructor":
        profile = Profile(**data())
    elif how == "model_validate":
        profile = Profile.model_validate(data())
    elif how == "load":
        path = tmp_path / "p.yaml"
        path.write_text(yaml.safe_dump(data()), encoding="utf-8")
        profile = Profile.load(path)
    else:  # the original goes; its copy must keep the secrets registered
        import copy

        original = Profile(**data())
        profile = original.model_copy() if how == "model_copy" else copy.deepcopy(original)
        del original
        gc.collect()
    assert reg.holds(CARD) and reg.holds(CVC)
    wire = logging.getLogger(reg.WIRE_LOGGERS[0])  # what Selenium logs the browser is sent
    with caplog.at_level(logging.DEBUG, logger=wire.name):
        wire.warning("POST /element/value %s", '{"text": "4000 0566 5566 5556", "cvc": "418"}')
    assert caplog.records and "•••• 5556" in caplog.text and not leaks(caplog.text)
    del profile
    gc.collect()
    assert not reg.holds(CARD) and not reg.holds(CVC)
