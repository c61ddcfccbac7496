"""Page kinds from rules + model over constructed page states in several languages, the kind
model's training and saved file, and the live page snapshot (page_state.js) in headless Chromium."""
from __future__ import annotations

from decimal import Decimal

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from autofill.errors import RuleFileError
from autofill.core.models import save_model
from autofill.flow import kinds as K
from autofill.training import actions as TA, kinds as TK
from autofill.flow.actions import best_action
from autofill.flow.state import Clickable, PageState, ProgressStep

CHROME = ["Home", "Shop", "Cart (1)", "Account"]


def state(url: str, title: str = "", h1: str = "", buttons: tuple[str, ...] = (), text: str = "",
          steps: tuple[tuple[str, bool], ...] = (), **kw) -> PageState:
    clickables = [Clickable(index=i, text=t) for i, t in enumerate(CHROME + list(buttons))]
    return PageState(url="https://shop.example" + url, title=title, h1=[h1] if h1 else [],
                     clickables=clickables, text=" ".join(CHROME) + " " + (h1 or "") + " " + text,
                     steps=[ProgressStep(text=t, current=c) for t, c in steps], **kw)


CASES = [
    # (state, field types, kind)
    (state("/products/classic-tee", "Classic Tee – Northwind", "Classic Tee", ("Add to cart",), "In stock. Description", field_count=1), ["unknown"], "product"),
    (state("/de/p/12345", "Baumwollshirt | Laden", "Baumwollshirt", ("In den Warenkorb", "Merken"), "Auf Lager", field_count=1), ["unknown"], "product"),
    (state("/cart", "Your cart", "Your cart", ("Proceed to checkout", "Update cart", "Remove"), "Subtotal £19.99", field_count=1), ["unknown"], "cart"),
    (state("/panier", "Panier – Boutique", "Votre panier", ("Valider mon panier", "Supprimer"), "Sous-total", field_count=1), ["unknown"], "cart"),
    (state("/koszyk", "Koszyk", "Twój koszyk", ("Przejdź do kasy", "Usuń"), field_count=1), ["unknown"], "cart"),
    (state("/account/login", "Sign in", "Returning customer", ("Sign in", "Continue as guest"), "Forgot your password?", field_count=2, password_count=1), ["email", "current-password"], "login"),
    (state("/anmelden", "Anmelden", "Anmelden", ("Anmelden", "Als Gast bestellen"), "Passwort vergessen?", field_count=2, password_count=1), ["email", "current-password"], "login"),
    (state("/checkout", "Checkout – Shop", "Checkout", ("Continue to shipping",), "Contact information Email Order summary", field_count=7),
     ["email", "given-name", "family-name", "address-line1", "address-level2", "postal-code", "country"], "checkout"),
    (state("/checkout/shipping", "Shipping – Shop", "Shipping address", ("Continue to payment", "Back"), "Standard delivery", field_count=6,
           steps=(("Cart", False), ("Shipping", True), ("Payment", False), ("Review", False))),
     ["given-name", "family-name", "address-line1", "address-level2", "postal-code", "country"], "shipping"),
    (state("/kasse/versand", "Versand", "Lieferadresse", ("Weiter zur Zahlung",), "Standardversand", field_count=5),
     ["given-name", "family-name", "address-line1", "postal-code", "address-level2"], "shipping"),
    (state("/commande/livraison", "Livraison", "Adresse de livraison", ("Continuer vers le paiement",), field_count=5),
     ["given-name", "family-name", "address-line1", "postal-code", "address-level2"], "shipping"),
    (state("/checkout/payment", "Payment", "Payment method", ("Pay now", "PayPal"), "Card number Expiry date", field_count=4),
     ["cc-name", "cc-number", "cc-exp", "cc-csc"], "payment"),
    (state("/afrekenen/betalen", "Betaling", "Betaalmethode", ("Nu betalen",), "Kaartnummer", field_count=3), ["cc-number", "cc-exp", "cc-csc"], "payment"),
    (state("/checkout/pago", "Pago", "Método de pago", ("Revisar pedido",), "Número de tarjeta", field_count=3), ["cc-number", "cc-exp", "cc-csc"], "payment"),
    (state("/checkout/review", "Review your order", "Review your order", ("Place order", "Edit"), "Shipping to Jane Doe. Total £24.98"), [], "review"),
    (state("/kassa/granska", "Granska beställning", "Granska din beställning", ("Slutför köp", "Ändra"), "Att betala 249 kr"), [], "review"),
    (state("/checkout/riepilogo", "Riepilogo ordine", "Riepilogo ordine", ("Conferma ordine", "Modifica")), [], "review"),
    (state("/checkout/thank-you", "Thank you", "Thank you for your order", ("Continue shopping",), "Order #NW-1001", order_number="NW-1001"), [], "confirmation"),
    (state("/pedido/gracias", "Pedido confirmado", "¡Gracias por tu pedido!", ("Seguir comprando",), "Número de pedido: 100042", order_number="100042"), [], "confirmation"),
    (state("/zamowienie/dziekujemy", "Dziękujemy", "Dziękujemy za zamówienie", (), "Numer zamówienia 5531", order_number="5531"), [], "confirmation"),
]


@pytest.mark.parametrize("st,types,want", CASES, ids=[f"{c[2]}:{c[0].url.split('example')[1]}" for c in CASES])
def test_kind_from_rules_and_model(st, types, want):
    p = K.predict_kind(st, types)
    assert p.kind == want, (p.kind, p.rule_scores)
    assert p.source in ("rules", "model") and 0 < p.confidence <= 1
    assert K.predict_kind(st, types, model=None).kind == want  # rules alone agree


def test_field_types_decide_an_opaque_page():
    # No words that say the step: the fields do.
    base = dict(url="/s/8f3a2/step", title="Northwind", buttons=("Continue",))
    pay = K.predict_kind(state(**base, field_count=3), ["cc-number", "cc-exp", "cc-csc"], model=None)
    ship = K.predict_kind(state(**base, field_count=5), ["given-name", "address-line1", "postal-code", "address-level2", "country"], model=None)
    login = K.predict_kind(state(**base, field_count=2, password_count=1), ["email", "current-password"], model=None)
    assert pay.kind == "payment"
    # Address fields alone cannot tell a shipping step from a one-page checkout: the rules score
    # the two the same, above every other kind, and the tie goes to the first kind, checkout.
    others = [v for k, v in ship.probabilities.items() if k not in ("shipping", "checkout")]
    assert ship.probabilities["shipping"] == ship.probabilities["checkout"] > max(others), ship.probabilities
    assert ship.kind == "checkout"
    assert login.kind == "login"


def test_progress_step_outweighs_sidebar_words():
    st = state("/checkout/step/3", "Checkout", "", ("Continue",), "Order summary Shipping £4.99 Subtotal",
               steps=(("Information", False), ("Shipping", False), ("Payment", True)), field_count=3)
    assert K.predict_kind(st, ["cc-number", "cc-exp", "cc-csc"], model=None).kind == "payment"


def test_rules_abstain_and_model_decides():
    st = state("/x/1", "Shop", "", ("Zzz",), "", field_count=1)
    p = K.predict_kind(st, ["unknown"], model=None)
    assert p.confidence == pytest.approx(1 / 8)
    states, kinds, ftypes = TK.synthetic_states(12, seed=3)
    model = TK.train_kinds(states, kinds, ftypes)
    p = K.predict_kind(state("/x/1", "Shop", "", ("Pay now",), "card number expiry"), ["cc-number"], model=model)
    assert p.kind == "payment"


def test_train_save_load_roundtrip_is_small(tmp_path: Path):
    states, kinds, ftypes = TK.synthetic_states(20, seed=11)
    model = TK.train_kinds(states, kinds, ftypes)
    path = save_model(model, tmp_path / "kinds.skops")
    assert path.stat().st_size < 300_000
    loaded = K.load_model(path)
    test_states, test_kinds, test_types = TK.synthetic_states(10, seed=12)
    docs = [K.state_document(s, f) for s, f in zip(test_states, test_types)]
    assert list(loaded.predict(docs)) == list(model.predict(docs))
    accuracy = sum(p == k for p, k in zip(loaded.predict(docs), test_kinds)) / len(test_kinds)
    assert accuracy >= 0.9
    assert set(loaded.classes_) == set(K.PAGE_KINDS)


def test_bundled_model_is_small_and_reads_pages_it_never_saw():
    """The shipped kind model alone (no rules) on CASES, hand-written pages in eight languages."""
    assert K.MODEL_FILE.exists() and K.MODEL_FILE.stat().st_size < 300_000
    model = K.load_model(K.MODEL_FILE)
    assert set(model.classes_) == set(K.PAGE_KINDS)
    pred = model.predict([K.state_document(st, types) for st, types, _ in CASES])
    wrong = [(st.url, want, got) for (st, _, want), got in zip(CASES, pred) if got != want]
    assert len(wrong) <= 1, wrong  # one miss today: /kasse/versand read as checkout


def test_train_default_writes_where_told(tmp_path: Path):
    extra = [(CASES[0][0], "product", CASES[0][1])]
    bundled_before = K.MODEL_FILE.stat().st_mtime_ns
    report = TK.train_default(tmp_path / "m.skops", extra=extra)
    assert report["labeled"] == 1 and report["states"] == report["synthetic"] + 1
    assert report["model"] == str(tmp_path / "m.skops") and report["bytes"] == (tmp_path / "m.skops").stat().st_size
    assert K.MODEL_FILE.stat().st_mtime_ns == bundled_before  # the shipped model is left alone
    model = K.load_model(tmp_path / "m.skops")
    pred = model.predict([K.state_document(st, types) for st, types, _ in CASES])
    assert sum(got == want for (_, _, want), got in zip(CASES, pred)) >= len(CASES) - 2


def test_rule_file_errors_name_file_and_rule(tmp_path: Path):
    src = K.RULES_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "kinds.yaml"
    bad.write_text(src.replace("  payment:\n", "  paymnt:\n", 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        K.compiled_rules(bad)
    assert "kinds.yaml" in str(err.value) and "paymnt" in str(err.value) and "\n" not in str(err.value)
    bad.write_text(src.replace("    url: [cart,", "    urls: [cart,", 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        K.compiled_rules(bad)
    assert "kinds.cart.urls" in str(err.value)
    bad.write_text("places: {url: 1\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        K.compiled_rules(bad)
    assert str(err.value).startswith("kinds.yaml:")


def test_fold_matches_accents_and_special_letters():
    assert K.fold("Lägg i  Varukorgen") == "lagg i varukorgen"
    assert K.fold("Przejdź do płatności") == "przejdz do platnosci"
    assert K.fold("Weiter zur Übersicht") == "weiter zur ubersicht"
    assert K.phrase_regex("pay").search("pay £24.98")
    assert not K.phrase_regex("pay").search("paypal")


# ---------------------------------------------------------------------------------------------
# Live snapshot in headless Chromium.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment – Northwind</title>
<style>.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}</style></head><body>
<nav aria-label="Breadcrumb"><ol><li><a href="/cart">Cart</a></li><li>Shipping</li>
  <li aria-current="step">Payment</li><li>Review</li></ol></nav>
<h1>Payment</h1><h2>Card details</h2>
<div class="woocommerce-error" role="alert">Your card number is incomplete.</div>
<form id="pay" action="/pay" method="post">
  <input id="cc" name="cc" aria-invalid="true" aria-describedby="cc-err"><span id="cc-err">Enter a valid card number</span>
  <input name="exp"><input name="cvc"><input type="hidden" name="tok">
  <button id="go" type="submit">Continue to review</button>
  <button type="button" style="display:none">Hidden</button>
  <button type="button" style="visibility:hidden">Invisible</button>
  <button type="button" style="opacity:0">Transparent</button>
  <button type="button" style="position:absolute;left:-9999px">Offscreen</button>
  <button type="button" class="sr">Tiny</button>
  <button type="button" disabled>Disabled</button>
</form>
<div style="position:relative"><button id="under" type="button">Under</button>
  <div style="position:absolute;inset:0;background:white"></div></div>
<form id="coupon"><input name="code"><button type="submit" class="coupon-apply">Apply</button></form>
<div class="totals"><div><span>Subtotal</span> <span>£19.99</span></div>
  <div><span>Shipping</span> <span>£4.99</span></div>
  <div class="grand"><span>Order total</span> <span>£24.98</span></div></div>
<input type="image" alt="Pay with PayPal" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="60" height="20">
<div role="button" tabindex="0" onclick="void 0">Help</div>
<div style="height:2500px"></div>
<button id="far" type="button">Far below</button>
<div id="host"></div>
<iframe id="f1" srcdoc="<form><input name=zip><button id=inner>Pay now</button></form>"></iframe>
<script>
document.getElementById('host').attachShadow({mode: 'open'}).innerHTML = '<button id="sh">In shadow</button>';
</script>
</body></html>"""
CONFIRM = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Danke</title></head><body>
<h1>Vielen Dank für Ihre Bestellung</h1><p>Ihre Bestellnummer: <b>DE-100042</b></p>
<p>Gesamtsumme: 24,98 €</p></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = {"/pay": PAGE, "/danke": CONFIRM}.get(self.path)
        data = (body or "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def live():
    from autofill.flow.browser import browser

    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with browser(timeout=20) as d:
            yield d, f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()


def test_snapshot_reads_the_page_as_a_person(live):
    from autofill.flow.state import snapshot

    driver, base = live
    driver.get(base + "/pay")
    st = snapshot(driver)
    assert st.title == "Payment – Northwind" and st.lang == "en"
    assert st.h1 == ["Payment"] and st.h2 == ["Card details"]
    assert [s.text for s in st.steps] == ["Cart", "Shipping", "Payment", "Review"]
    assert st.current_step == "Payment" and st.steps_after_current() == ["Review"]
    assert "Your card number is incomplete." in st.errors and "Enter a valid card number" in st.errors
    assert (st.total().amount, st.total().currency) == (Decimal("24.98"), "GBP")
    assert any("£19.99" in t.label for t in st.totals)
    assert st.field_count == 5 and st.frames == 1  # 3 card + coupon + the frame's zip; hidden excluded
    by_text = {c.text: c for c in st.clickables}
    for hidden in ("Hidden", "Invisible", "Transparent", "Offscreen", "Tiny", "Under"):
        assert by_text[hidden].visible is False, hidden
    for shown in ("Continue to review", "Apply", "Far below", "In shadow", "Pay now", "Help", "Cart"):
        assert by_text[shown].visible is True, shown
    assert by_text["Disabled"].disabled
    go = by_text["Continue to review"]
    assert go.submits_form and go.in_fill_form and go.form == 0 and go.id == "go"
    assert by_text["In shadow"].in_shadow and by_text["Pay now"].frame == [0]
    assert by_text["Pay with PayPal"].tag == "input" and by_text["Pay with PayPal"].type == "image"
    assert by_text["Cart"].href == "/cart"
    assert st.order_number is None


def test_snapshot_feeds_kind_and_action(live):
    from autofill.flow.state import element_for, snapshot

    driver, base = live
    driver.get(base + "/pay")
    st = snapshot(driver)
    kind = K.predict_kind(st, ["cc-number", "cc-exp", "cc-csc", "unknown"])
    assert kind.kind == "payment"
    action = best_action(st, kind=kind.kind, filled=True, field_types=["cc-number", "cc-exp", "cc-csc"])
    assert action.text == "Continue to review" and not action.is_final
    el = element_for(driver, action)
    try:
        assert el.get_attribute("id") == "go"
    finally:
        driver.switch_to.default_content()
    inner = next(c for c in st.clickables if c.text == "Pay now")
    el = element_for(driver, inner)
    try:
        assert el.get_attribute("id") == "inner"
    finally:
        driver.switch_to.default_content()


def test_snapshot_of_a_confirmation(live):
    from autofill.flow.state import snapshot

    driver, base = live
    driver.get(base + "/danke")
    st = snapshot(driver)
    assert st.order_number == "DE-100042"
    assert (st.total().amount, st.total().currency) == (Decimal("24.98"), "EUR")
    assert K.predict_kind(st, []).kind == "confirmation"



HELD_OUT_FOLDS = 3  # the fixture shops, split into this many groups: each group is scored by models trained without it


@pytest.fixture(scope="module")
def fixture_pages(live):
    """Every labeled page of every fixture shop, snapshotted as the walk sees it:
    (site, page label, state, field types, index of the labeled next element or None)."""
    from autofill.fixtures_server import FixtureServer, load_sites, render_static
    from autofill.flow.state import snapshot
    from autofill.flow.wait import settle

    from engine_pending import ENGINE_PENDING, SINGLE_PAGE_APPS  # tests/ is on sys.path (rootdir conftest)

    driver, _ = live
    out = []
    with FixtureServer(port=0, delay_scale=0) as srv:
        for site in load_sites():
            if site.site in ENGINE_PENDING | SINGLE_PAGE_APPS:  # no static page per step (see engine_pending)
                continue
            for page in site.labels.pages:
                driver.get(f"{srv.url}/{site.site}{page.path}")
                driver.execute_script("document.open(); document.write(arguments[0]); document.close();",
                                      render_static(site.site, page.path))
                settle(driver)  # parts a page's scripts reveal after load, as the walk waits for them
                st = snapshot(driver)
                want = None
                if page.next is not None:
                    want = driver.execute_script(
                        "var el = document.querySelector(arguments[0]);"
                        "return (window.__autofillActions || []).indexOf(el);", page.next)
                out.append((site.site, page, st, [f.type for f in page.fields], want))
    return out


def test_fixture_sites_kinds_and_next_actions_held_out(fixture_pages):
    """Every labeled page of the fixture shops, judged by a kind model and an action ranker trained
    (as `autofill train` trains them: synthetic states plus fixture pages) WITHOUT that page's shop:
    the kind, the action that moves on (labels' `next`) and the stop signal, which is set on the
    review page's button and nowhere before it. The bundled models were trained on these very pages,
    so they would score them too kindly."""
    from autofill.flow.actions import rank_actions

    if not fixture_pages:
        pytest.skip("no fixture sites yet")
    sites = sorted({site for site, *_ in fixture_pages})
    folds = [set(sites[i::HELD_OUT_FOLDS]) for i in range(HELD_OUT_FOLDS)]
    synth_states, synth_kinds, synth_types = TK.synthetic_states()
    right, total, problems = 0, 0, []
    actions_right, actions_total = 0, 0
    for held_out in folds:
        train = [p for p in fixture_pages if p[0] not in held_out]
        kind_model = TK.train_kinds(synth_states + [st for _, _, st, _, _ in train],
                                   synth_kinds + [page.kind for _, page, _, _, _ in train],
                                   synth_types + [types for _, _, _, types, _ in train])
        action_model = TA.train_actions([(st, page.kind, want) for _, page, st, _, want in train
                                         if want is not None and want >= 0])
        for site, page, st, types, want in fixture_pages:
            if site not in held_out:
                continue
            pred = K.predict_kind(st, types, model=kind_model)
            total += 1
            right += pred.kind == page.kind
            if pred.kind != page.kind:
                print(f"{site}{page.path}: {pred.kind} ({pred.source}), labels say {page.kind}")
            ranked = rank_actions(st, kind=pred.kind, filled=True, field_types=types, model=action_model)
            where = f"{site}{page.path}"
            if page.next is None:
                if any(a.is_final for a in ranked):
                    problems.append(f"{where}: a final action on a {page.kind} page")
                continue
            top = ranked[0] if ranked else None
            actions_total += 1
            if top is None or top.index != want:
                problems.append(f"{where}: chose {top and top.text!r}, labels say {page.next}")
            else:
                actions_right += 1
                if top.is_final != (page.kind == "review"):
                    problems.append(f"{where}: is_final={top.is_final} on a {page.kind} page")
    print(f"held-out over {len(sites)} shops in {HELD_OUT_FOLDS} folds: kinds {right}/{total}, "
          f"next actions {actions_right}/{actions_total}")
    assert not problems, problems
    assert right / total >= 0.95, (right, total)  # 99/102 on the 15 shops the engine reads (Dec 2026)
