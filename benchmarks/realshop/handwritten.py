"""A hand-written, Oscar-specific Selenium purchase: the baseline the engine is timed against.

Written as a person would for this one shop: element ids from Oscar's templates (Django's
`id_<field>`), `send_keys`, clicks, WebDriverWait; the same browser session as the engine
(`autofill.flow.browser.browser()`, same Chromium and flags). Values come from the demo profile.

    python benchmarks/realshop/handwritten.py http://127.0.0.1:8765/catalogue/oscar-test-mug_1/
    python benchmarks/realshop/handwritten.py URL --save-pages /tmp/oscar/pages   # keep each page's HTML

`--save-pages` is for diagnosis (e.g. `python cli.py classify --static FILE --json` on the payment
page); the card number is scrubbed from the saved HTML (Oscar writes it back into value=).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autofill.fill.profile import Profile  # noqa: E402
from autofill.flow.browser import browser  # noqa: E402
from handwritten_common import page_saver, run  # noqa: E402

PROFILE = ROOT / "fixtures" / "profiles" / "demo.yaml"


def buy(url: str, p: Profile, save_pages: Optional[Path] = None) -> str:
    """Product page → basket → guest gateway → shipping address → card → preview → order number."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    s, card = p.shipping, p.card
    secrets = p.secrets()

    save = page_saver(save_pages, secrets)

    with browser() as d:
        wait = WebDriverWait(d, 30)
        d.get(url)
        save(d, "1-product")
        d.find_element(By.CSS_SELECTOR, "#add_to_basket_form button[type=submit]").click()
        wait.until(EC.element_to_be_clickable((By.LINK_TEXT, "Checkout now"))).click()
        # Gateway: email, "checkout as a guest" (the default option), Continue.
        wait.until(EC.presence_of_element_located((By.ID, "id_username"))).send_keys(p.email)
        save(d, "2-gateway")
        d.find_element(By.ID, "id_options_0").click()
        d.find_element(By.CSS_SELECTOR, "form button[type=submit].btn-primary").click()
        # Shipping address (GB is the only shipping country, so Oscar sends it as a hidden input).
        wait.until(EC.presence_of_element_located((By.ID, "id_first_name"))).send_keys(s.given_name)
        save(d, "3-shipping-address")
        d.find_element(By.ID, "id_last_name").send_keys(s.family_name)
        d.find_element(By.ID, "id_line1").send_keys(s.address_line1)
        d.find_element(By.ID, "id_line2").send_keys(s.address_line2 or "")
        d.find_element(By.ID, "id_line4").send_keys(s.city)
        d.find_element(By.ID, "id_state").send_keys(s.region or "")
        d.find_element(By.ID, "id_postcode").send_keys(s.postal_code)
        d.find_element(By.ID, "id_phone_number").send_keys(p.phone or "")
        d.find_element(By.CSS_SELECTOR, "#new_shipping_address button[type=submit]").click()
        # One shipping method: Oscar skips its page. Payment details: Oscar's BankcardForm.
        wait.until(EC.presence_of_element_located((By.ID, "id_number"))).send_keys(card.number.get_secret_value())
        save(d, "4-payment-details")
        Select(d.find_element(By.ID, "id_expiry_month_0")).select_by_value(str(card.exp_month))
        Select(d.find_element(By.ID, "id_expiry_month_1")).select_by_value(str(card.exp_year))
        d.find_element(By.ID, "id_ccv").send_keys(card.csc.get_secret_value())
        d.find_element(By.ID, "view_preview").click()
        # Preview: the card travels in a hidden form; Place order.
        wait.until(EC.element_to_be_clickable((By.ID, "place-order")))
        save(d, "5-preview")
        d.find_element(By.ID, "place-order").click()
        strong = WebDriverWait(d, 60).until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, "p.lead strong")))
        number = strong.text
        save(d, "6-thank-you")
        return number


def main(argv: Optional[list[str]] = None) -> int:
    return run(buy, PROFILE, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
