"""The library entry point a purchase service imports: classification and the purchase walk."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable, Literal, Optional

from pydantic import BaseModel

from .field import Field
from .page.descriptor import FieldDescriptor


class ClassifyResult(BaseModel):
    target: str
    mode: Literal["browser", "static"]
    elapsed_ms: float
    fields: list[Field]


class Engine:
    """Bundled rules and model by default; both load once, on first use."""

    def __init__(self, rules_dir: Optional[Path] = None, model_path: Optional[Path] = None,
                 use_model: bool = True) -> None:
        self._rules_dir = rules_dir
        self._model_path = model_path
        self._use_model = use_model
        self._classifier = None
        self._lock = threading.Lock()

    @property
    def classifier(self):
        with self._lock:  # a warm-up thread may be building it while a flow asks for it
            return self._build_classifier()

    def warm_up(self) -> threading.Thread:
        """Load rules and models in the background, e.g. while a browser starts."""
        def load() -> None:
            try:
                self.classifier
                from .flow import action_model
                from .flow.action_rules import compiled_rules
                from .flow.kinds import _bundled_model, compiled_rules as kind_rules

                _bundled_model()
                action_model.bundled()
                compiled_rules()
                kind_rules()
            except Exception:
                pass  # the flow will load them itself and report any error properly

        t = threading.Thread(target=load, name="autofill-warm-up", daemon=True)
        t.start()
        return t

    def _build_classifier(self):
        if self._classifier is None:
            from .classify.model import FIELD_MODEL, load
            from .classify.pipeline import Classifier
            from .classify.rules import load_rules

            rules = load_rules(self._rules_dir) if self._rules_dir else load_rules()
            model = load(self._model_path or FIELD_MODEL) if self._use_model else None
            self._classifier = Classifier(rules=rules, model=model, use_model=False)
        return self._classifier

    def classify_descriptors(self, descs: list[FieldDescriptor]) -> list[tuple[FieldDescriptor, Field]]:
        return self.classifier.classify(descs)

    def classify_html(self, html: bytes | str, url: Optional[str] = None) -> list[Field]:
        from .page.static import extract_html

        return [f for _, f in self.classify_descriptors(extract_html(html, url=url))]

    def _read(self, target: str, static: bool, remote: Optional[str], timeout: float,
              from_html: Callable[[bytes], object], from_driver: Callable[[object], object]):
        """TARGET read as its HTML alone (`static`) or in a real browser once its scripts settled."""
        if static:
            from .page.fetch import read_target

            return from_html(read_target(target, timeout=timeout))
        from .flow.browser import browser

        with browser(remote=remote, timeout=timeout) as driver:
            return self._read_in(driver, target, timeout, from_driver)

    @staticmethod
    def _read_in(driver, target: str, timeout: float, from_driver: Callable[[object], object]):
        from .flow.navigate import open_page
        from .flow.wait import settle

        open_page(driver, target, timeout=timeout)
        settle(driver)  # scripts that build the page after load
        return from_driver(driver)

    def classify_target(self, target: str, static: bool = False, remote: Optional[str] = None,
                        timeout: float = 30.0) -> ClassifyResult:
        from .page.live import extract_live
        from .page.static import extract_html

        start = time.perf_counter()
        descs = self._read(target, static, remote, timeout, lambda html: extract_html(html, url=target), extract_live)
        fields = [f for _, f in self.classify_descriptors(descs)]
        return ClassifyResult(target=target, mode="static" if static else "browser",
                              elapsed_ms=round((time.perf_counter() - start) * 1000, 1), fields=fields)

    def extract_product_html(self, html: bytes | str, url: Optional[str] = None):
        """The product a page's HTML shows (static: markup and inline styles), or None."""
        from .product.extract import extract

        return extract(html, url=url)

    def extract_product(self, url: str, static: bool = False, remote: Optional[str] = None,
                        timeout: float = 30.0):
        """The product at a URL (or path), read in a real browser unless `static`; None when the
        page holds none. Bad input raises a one-line TargetError / BrowserError."""
        return self.product_target(url, static=static, remote=remote, timeout=timeout).product

    def product_in(self, driver, url: str, timeout: float = 30.0):
        """The product at `url` read in a browser session the caller owns (a pool's), or None."""
        from .product.live import extract_live_product

        return self._read_in(driver, url, timeout, extract_live_product)

    def product_target(self, target: str, static: bool = False, remote: Optional[str] = None,
                       timeout: float = 30.0):
        """`product --json`'s whole answer: target, mode, elapsed_ms and the product (or None)."""
        from .product.live import extract_live_product
        from .product.schema import ProductResult

        start = time.perf_counter()
        product = self._read(target, static, remote, timeout,
                             lambda html: self.extract_product_html(html, url=target), extract_live_product)
        return ProductResult(target=target, mode="static" if static else "browser",
                             elapsed_ms=round((time.perf_counter() - start) * 1000, 1), product=product)

    def purchase(self, url: str, profile, max_total=None, dry_run: bool = True,
                 remote: Optional[str] = None, timeout: float = 120.0, screenshots: Optional[Path] = None,
                 progress: Optional[Callable[[str], None]] = None):
        """Walk the flow from `url`. `max_total` is a Money, a Decimal (in the page's currency) or
        SPEC's string form ("50 EUR"); a buy (dry_run=False) needs one."""
        from .flow.walk import purchase

        return purchase(self, url, profile, max_total=max_total, dry_run=dry_run, remote=remote,
                        timeout=timeout, screenshots=screenshots, progress=progress)

    def purchase_many(self, jobs, concurrency: int = 2, remote: Optional[str] = None, timeout: float = 120.0):
        """(job, result) for every job as its flow ends, `concurrency` flows at a time, each in a
        fresh browser session (local Chromium or a Grid slot). A job is a `flow.batch.Job` or a
        dict of its fields: url, profile (a path or a Profile), mode ("dry-run" or "buy"),
        max_total. Every job is checked before the first flow starts (BatchError lists all)."""
        from .flow.batch import purchase_many

        jobs = list(jobs)
        for n, result in purchase_many(self, jobs, concurrency=concurrency, remote=remote, timeout=timeout):
            yield jobs[n], result
