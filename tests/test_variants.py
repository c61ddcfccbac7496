"""A product option the page needs (a size select showing "Choose an option…"): chosen from the
profile's `variants` when it names one, else `blocked` before anything goes in the cart — never
a guess (issue #13: variants reported, not guessed)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from autofill import Engine
from autofill.core.paths import DEMO_PROFILE
from autofill.errors import ProfileError
from autofill.fill.profile import Profile
from pagesrv import serve  # tests/ is on sys.path (rootdir conftest)

PAGES = Path(__file__).parent / "pages" / "variants"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(PAGES) as base:
        yield base


def profile(**variants: str) -> Profile:
    data = Profile.load(DEMO_PROFILE).model_dump(mode="json")
    data["card"]["number"] = Profile.load(DEMO_PROFILE).card.number.get_secret_value()
    data["card"]["csc"] = Profile.load(DEMO_PROFILE).card.csc.get_secret_value()
    data["variants"] = variants
    return Profile.from_data(data, origin="test")


def test_a_variant_the_profile_does_not_name_blocks_before_the_cart(site):
    result = Engine().purchase(f"{site}/product.html", profile(), dry_run=True, timeout=30)
    assert result.status == "blocked", result.reason
    assert "needs a choice of Size (S, M, L)" in result.reason and "variants" in result.reason
    assert len(result.steps) == 1 and result.steps[0].clicked is None  # nothing went in the cart


def test_the_profiles_variant_is_chosen(site):
    result = Engine().purchase(f"{site}/product.html", profile(size="M"), dry_run=True, timeout=30)
    chosen = [f for f in result.steps[0].filled if f.prediction == "variant"]
    assert [(f.name, f.value) for f in chosen] == [("size", "size: M")]
    assert result.steps[0].clicked == "Add to Cart"
    assert len(result.steps) >= 2 and "size=m" in result.steps[1].url


def test_a_named_variant_the_page_does_not_offer_blocks(site):
    result = Engine().purchase(f"{site}/product.html", profile(Size="XXL"), dry_run=True, timeout=30)
    assert result.status == "blocked" and "'XXL' is not offered here (S, M, L)" in result.reason


def test_a_variant_needs_a_name_and_a_value():
    with pytest.raises(ProfileError):
        profile(Size="  ")
