"""A hand-written, EverShop-specific Selenium purchase: the baseline the engine is timed against.

Written as a person would for this one store: element ids from EverShop's React checkout
(`field-shippingAddress.*`), send_keys, clicks on the Base UI widgets (country and province are
`button[role=combobox]` listboxes, delivery and payment are radios whose visible control is a
`span[role=radio]`), WebDriverWait; the same browser session as the engine
(`autofill.flow.browser.browser()`). Values come from the demo profile; the region is "England"
(EverShop lists only England, Northern Ireland, Scotland and Wales for GB, not "Greater London").

    python benchmarks/realshop/evershop/handwritten.py http://127.0.0.1:8103/evershop-test-mug
    python benchmarks/realshop/evershop/handwritten.py URL --save-pages /tmp/evershop/pages
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
COUNTRY = {"GB": "United Kingdom", "US": "United States"}
PROVINCE = "England"


def buy(url: str, p: Profile, save_pages: Optional[Path] = None) -> str:
    """Product → Add to cart → mini-cart "Checkout" → one-page checkout → Place Order → order number."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    s = p.shipping
    secrets = p.secrets()

    save = page_saver(save_pages, secrets)

    def field(d, wait, name: str):
        return wait.until(EC.element_to_be_clickable((By.ID, f"field-shippingAddress.{name}")))

    def choose(d, wait, combobox_id: str, text: str) -> None:
        """Open a Base UI select and click the option with exactly this text."""
        wait.until(EC.element_to_be_clickable((By.ID, combobox_id))).click()
        option = wait.until(EC.element_to_be_clickable(
            (By.XPATH, f"//*[@role='option'][normalize-space()='{text}']")))
        option.click()
        wait.until(lambda _: text in d.find_element(By.ID, combobox_id).text)

    with browser() as d:
        wait = WebDriverWait(d, 30)
        d.get(url)
        save(d, "1-product")
        wait.until(EC.element_to_be_clickable((By.XPATH, "//form[@id='productForm']//button[normalize-space()='Add to cart']"))).click()
        # The mini-cart drawer opens with "View Cart (1)" and "Checkout".
        wait.until(EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Checkout']"))).click()
        wait.until(EC.element_to_be_clickable((By.ID, "field-contact.email"))).send_keys(p.email)
        save(d, "2-checkout")
        field(d, wait, "full_name").send_keys(f"{s.given_name} {s.family_name}")
        field(d, wait, "telephone").send_keys(p.phone or "")
        field(d, wait, "address_1").send_keys(s.address_line1)
        field(d, wait, "address_2").send_keys(s.address_line2 or "")
        field(d, wait, "city").send_keys(s.city)
        choose(d, wait, "field-shippingAddress.country", COUNTRY[s.country])
        choose(d, wait, "field-shippingAddress.province", PROVINCE)
        field(d, wait, "postcode").send_keys(s.postal_code)
        # Delivery methods appear once the address is complete (the shop saves it first).
        wait.until(EC.element_to_be_clickable((By.XPATH, "//*[normalize-space(text())='Standard Delivery']"))).click()
        wait.until(lambda _: "Shipping (Standard Delivery)" in d.find_element(By.TAG_NAME, "body").text)
        # Billing: "Same as shipping address" is preselected. Payment: Cash on Delivery.
        wait.until(EC.element_to_be_clickable((By.XPATH, "//*[normalize-space(text())='Cash on Delivery']"))).click()
        place = wait.until(EC.element_to_be_clickable(
            (By.XPATH, "//button[normalize-space()='Place Order']")))
        save(d, "3-ready")
        place.click()
        wait.until(EC.url_contains("/checkout/success"))
        body = wait.until(EC.visibility_of_element_located((By.TAG_NAME, "body"))).text
        save(d, "4-success")
        m = re.search(r"#\s*(\d+)", body)
        return m.group(1) if m else d.current_url


def main(argv: Optional[list[str]] = None) -> int:
    return run(buy, PROFILE, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
