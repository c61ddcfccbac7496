"""A hand-written, Shuup-specific Selenium purchase: the baseline the engine is timed against.

Written as a person would for this one shop: element ids from Shuup's classic-gray templates
(Django's `id_billing-*`), send_keys, a Select for the country, clicks, WebDriverWait; the same
browser session as the engine (`autofill.flow.browser.browser()`). Values come from the demo
profile.

    python benchmarks/realshop/shuup/handwritten.py http://127.0.0.1:8102/p/1-shuup-test-mug/
    python benchmarks/realshop/shuup/handwritten.py URL --save-pages /tmp/shuup/pages
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "realshop"))

from autofill.fill.profile import Profile  # noqa: E402
from autofill.flow.browser import browser  # noqa: E402
from handwritten_common import page_saver, run  # noqa: E402

PROFILE = ROOT / "fixtures" / "profiles" / "demo.yaml"


def buy(url: str, p: Profile, save_pages: Optional[Path] = None) -> str:
    """Product → Add to cart → /checkout/ addresses → methods → confirm (terms) → order number."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    s = p.shipping
    secrets = p.secrets()

    save = page_saver(save_pages, secrets)

    with browser() as d:
        wait = WebDriverWait(d, 30)
        base = re.match(r"https?://[^/]+", url).group(0)
        d.get(url)
        save(d, "1-product")
        d.find_element(By.CSS_SELECTOR, "button[id^=add-to-cart-button]").click()
        # The cart count in the header changes once the AJAX add has gone through.
        wait.until(lambda _: "Cart (1)" in d.find_element(By.TAG_NAME, "body").text)
        d.get(base + "/checkout/")
        # Addresses: billing address, "Ship to my billing address".
        wait.until(EC.presence_of_element_located((By.ID, "id_billing-name"))).send_keys(f"{s.given_name} {s.family_name}")
        save(d, "2-addresses")
        d.find_element(By.ID, "id_billing-phone").send_keys(p.phone or "")
        d.find_element(By.ID, "id_billing-email").send_keys(p.email)
        d.find_element(By.ID, "id_billing-street").send_keys(s.address_line1)
        d.find_element(By.ID, "id_billing-street2").send_keys(s.address_line2 or "")
        d.find_element(By.ID, "id_billing-postal_code").send_keys(s.postal_code)
        d.find_element(By.ID, "id_billing-city").send_keys(s.city)
        d.find_element(By.ID, "id_billing-region").send_keys(s.region or "")
        Select(d.find_element(By.ID, "id_billing-country")).select_by_value(s.country)
        d.find_element(By.CSS_SELECTOR, "label[for=same_as_billing]").click()
        d.find_element(By.XPATH, "//button[@type='submit'][normalize-space()='Continue']").click()
        # Shipping & Payment: the cheaper method, Cash on delivery.
        wait.until(EC.element_to_be_clickable((By.ID, "id_shipping_method_1"))).click()
        save(d, "3-methods")
        d.find_element(By.CSS_SELECTOR, "input[name=payment_method]").click()
        d.find_element(By.XPATH, "//button[@type='submit'][normalize-space()='Continue']").click()
        # Confirmation: accept the terms (not the marketing box), Place Order.
        wait.until(EC.presence_of_element_located((By.ID, "id_accept_terms")))
        save(d, "4-confirm")
        d.find_element(By.CSS_SELECTOR, "label[for=id_accept_terms]").click()
        d.find_element(By.XPATH, "//button[@type='submit'][normalize-space()='Place Order']").click()
        wait.until(EC.url_contains("/order/complete/"))
        save(d, "5-complete")
        # "Thank you for your order!" shows no order number: only the URL carries the order's id.
        m = re.search(r"/order/complete/(\d+)/", d.current_url)
        return m.group(1) if m else d.current_url


def main(argv: Optional[list[str]] = None) -> int:
    return run(buy, PROFILE, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
