"""A pool of browser sessions shared by worker threads: what `track run` (and, later, `batch`)
visits many pages with at once.

Starting Chromium costs more than reading a product page, so a session is borrowed for one job
and given back, its cookies and storage cleared. A purchase gets a fresh session instead
(`fresh=True`): nothing of one shopper's flow, not even the browser cache, may reach another's. A session that died (the browser crashed, a Grid
slot was reclaimed) is quit and replaced by a fresh one on the next borrow. `size` bounds how
many sessions exist at once: local Chromium processes, or slots of a Selenium Grid (`remote`).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

from . import browser  # sessions through the module, so a test can watch them start

J = TypeVar("J")
R = TypeVar("R")


class BrowserPool:
    """At most `size` sessions; each is used by one thread at a time."""

    def __init__(self, size: int = 1, *, remote: Optional[str] = None, timeout: float = 30.0,
                 fresh: bool = False) -> None:
        if size < 1:
            raise ValueError("a browser pool needs at least one session")
        self.size = size
        self.fresh = fresh
        self.remote = remote
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[tuple[Any, str]] = []
        self._all: list[tuple[Any, str]] = []
        self.started = 0  # sessions started over the pool's life (replacements included)

    @contextmanager
    def session(self) -> Iterator[Any]:
        """A live WebDriver for the duration of one job."""
        with self._slots:
            entry = self._take()
            healthy = False
            try:
                yield entry[0]
                healthy = True
            finally:
                self._give_back(entry, healthy)

    def map(self, work: Callable[[Any, J], R], jobs: Iterable[J]) -> Iterator[tuple[J, Optional[R], Optional[BaseException]]]:
        """`work(driver, job)` for every job, `size` at a time; (job, result, error) as each ends."""
        def one(job: J) -> R:
            with self.session() as driver:
                return work(driver, job)

        with ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="autofill-pool") as ex:
            futures = {ex.submit(one, job): job for job in jobs}
            for fut in as_completed(futures):
                exc = fut.exception()
                yield futures[fut], (None if exc else fut.result()), exc

    def close(self) -> None:
        with self._lock:
            entries, self._all, self._idle = self._all, [], []
        for driver, folder in entries:
            browser.end_session(driver, folder)

    def __enter__(self) -> "BrowserPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------
    def _take(self) -> tuple[Any, str]:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        entry = browser.start_session(remote=self.remote, timeout=self.timeout)
        with self._lock:
            self._all.append(entry)
            self.started += 1
        return entry

    def _give_back(self, entry: tuple[Any, str], healthy: bool) -> None:
        if not self.fresh and (healthy or alive(entry[0])):
            try:
                _clear(entry[0])
                with self._lock:
                    self._idle.append(entry)
                return
            except Exception:
                pass  # a session that cannot even be cleared is not given to the next job
        with self._lock:
            if entry in self._all:
                self._all.remove(entry)
        browser.end_session(*entry)


def alive(driver: Any) -> bool:
    """Whether the session still answers (a crashed browser or a reclaimed Grid slot does not)."""
    try:
        driver.execute_script("return 1")
        return True
    except Exception:
        return False


def _clear(driver: Any) -> None:
    """Nothing of one job reaches the next: cookies, storage, the page itself."""
    driver.switch_to.default_content()
    try:
        driver.execute_script("try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}")
    except Exception:
        pass
    driver.delete_all_cookies()
    driver.get("about:blank")
