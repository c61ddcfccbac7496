"""Hostile checkout pages on 127.0.0.1, for the security tests (tests/test_security.py).

Each scenario is a small working shop flow (checkout form → review with a total → place order →
confirmation) with one attack built in: hidden traps that invite card data, a page script that
beacons every value typed anywhere, a cross-origin frame asking for card data, fields that change
at fill time, a total that changes on the review page, a slow or hanging place-order answer.

The server records what a test needs to judge the engine, and nothing else:
- `beacons()`: every value the pages' scripts reported (`POST /beacon`);
- `posts(scenario)`: every checkout form posted (the traps' values included);
- `place_order_count(scenario)`: how many place-order POSTs arrived.
State is in memory only (never written to disk) and `reset()` forgets it. A second server on
another port is another origin: pass its `url` as `frame_origin` to embed its frames.
Standard library only; binds 127.0.0.1; pages are `fixtures/hostile/*.html`.
"""
from __future__ import annotations

import copy
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from string import Template
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from ..core.paths import FIXTURES_DIR

HOST = "127.0.0.1"
PAGES = FIXTURES_DIR / "hostile"


@dataclass(frozen=True)
class Scenario:
    """How one hostile shop differs from the plain one."""

    extra: str = ""  # template inserted into the checkout form (traps, frames, …)
    card: bool = True  # the checkout page asks for card data in the top document
    review: str = "review.html"
    place: str = "ok"  # ok | slow | hang
    total: str = "20.00"
    method: str = "post"  # echo: a GET form, so the card number lands in the URL
    echo: bool = False  # the checkout answers with an error that repeats the card number


SCENARIOS: dict[str, Scenario] = {
    "plain": Scenario(),
    "traps": Scenario(extra="traps.html"),
    "typechange": Scenario(extra="typechange.html"),
    "xframe-widget": Scenario(extra="xframe_widget.html", card=False),
    "xframe-mixed": Scenario(extra="xframe_mixed.html", card=False),
    "xframe-pay": Scenario(extra="xframe_pay.html", card=False),
    "upsell": Scenario(review="review_upsell.html"),
    "reprice": Scenario(review="review_reprice.html"),
    "nototal": Scenario(review="review_nototal.html"),
    "slow": Scenario(place="slow"),
    "hang": Scenario(place="hang"),
    "echo": Scenario(method="get", echo=True),
}


def _template(name: str) -> Template:
    return Template((PAGES / name).read_text(encoding="utf-8"))


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.beacons: list[dict] = []
        self.posts: dict[str, list[dict[str, str]]] = {}
        self.places: dict[str, int] = {}
        self.orders = 0


class _Handler(BaseHTTPRequestHandler):
    server_version = "HostileShop/1.0"
    srv: "HostileServer"  # set on the subclass each server builds

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet
        return

    # -- plumbing ------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: Optional[dict[str, str]] = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up (a hang test): nothing to answer

    def _html(self, text: str, status: int = 200) -> None:
        self._send(status, text.encode("utf-8"), "text/html; charset=utf-8")

    def _redirect(self, where: str) -> None:
        self._send(303, b"", "text/plain", {"Location": where})

    def _page(self, scenario: str, template: str, title: str, **more: str) -> str:
        sc = SCENARIOS[scenario]
        values = {
            "scenario": scenario, "base": f"/{scenario}", "title": title, "total": sc.total,
            "frame_origin": self.srv.frame_origin or self.srv.url,
            "card_block": _template("card_block.html").safe_substitute() if sc.card else "",
            "method": sc.method, "errors": "",
        }
        values.update(more)
        values["extra"] = _template(sc.extra).safe_substitute(values) if sc.extra else ""
        content = _template(template).safe_substitute(values)
        return _template("layout.html").safe_substitute(values, content=content)

    def _route(self) -> tuple[Optional[str], str]:
        parts = urlsplit(self.path).path.strip("/").split("/")
        if parts and parts[0] in SCENARIOS:
            return parts[0], "/".join(parts[1:])
        return None, "/".join(parts)

    # -- GET -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        scenario, rest = self._route()
        if scenario is None:
            if rest == "static/beacon.js":
                return self._send(200, (PAGES / "beacon.js").read_bytes(), "text/javascript; charset=utf-8")
            if rest.startswith("frame/"):
                name = rest[len("frame/"):]
                path = PAGES / f"frame_{name}.html"
                if name.isidentifier() and path.is_file():
                    return self._html(Template(path.read_text(encoding="utf-8")).safe_substitute(frame=name))
            if rest in ("data.json", "image.png", "doc.pdf"):
                return self._non_html(rest)
            if rest == "":
                links = "".join(f'<li><a href="/{s}/checkout">{s}</a></li>' for s in SCENARIOS)
                return self._html(f"<!DOCTYPE html><title>Hostile shops</title><ul>{links}</ul>")
            return self._send(404, b"<!DOCTYPE html><title>Not found</title>", "text/html")
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if rest in ("", "checkout"):
            if SCENARIOS[scenario].echo and query.get("cardnumber"):
                # a GET form: the card number is in this URL; the review URL repeats it
                with self.srv.state.lock:
                    self.srv.state.posts.setdefault(scenario, []).append(query)
                return self._redirect(f"/{scenario}/review?{urlsplit(self.path).query}")
            return self._html(self._page(scenario, "checkout.html", "Checkout"))
        if rest == "review":
            errors = ""
            if SCENARIOS[scenario].echo and query.get("cardnumber"):
                from html import escape

                errors = (f'<div class="error" role="alert">Card {escape(query["cardnumber"])} (security code '
                          f'{escape(query.get("cvc", ""))}) needs 3-D Secure: your bank will ask you to confirm.</div>')
            return self._html(self._page(scenario, SCENARIOS[scenario].review, "Review your order", errors=errors))
        if rest == "done":
            with self.srv.state.lock:
                number = f"HX-{1000 + self.srv.state.orders}"
            return self._html(self._page(scenario, "done.html", "Thank you", order_number=number))
        return self._send(404, b"<!DOCTYPE html><title>Not found</title>", "text/html")

    def _non_html(self, name: str) -> None:
        """Targets that are not pages, for the bad-input tests: tiny valid files, made here."""
        if name == "data.json":
            return self._send(200, b'{"ok": true}', "application/json")
        if name == "doc.pdf":
            return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
        import base64

        png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
        return self._send(200, png, "image/png")

    # -- POST ----------------------------------------------------------------------------
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        scenario, rest = self._route()
        if scenario is None and rest == "beacon":
            try:
                item = json.loads(raw)
            except ValueError:
                item = {"raw": raw}
            if isinstance(item, dict):
                item["server"] = self.srv.url
                with self.srv.state.lock:
                    self.srv.state.beacons.append(item)
            return self._send(204, b"", "text/plain")
        if scenario is None:
            return self._send(404, b"", "text/plain")
        form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        if rest in ("", "checkout"):
            with self.srv.state.lock:
                self.srv.state.posts.setdefault(scenario, []).append(form)
            return self._redirect(f"/{scenario}/review")
        if rest == "place":
            with self.srv.state.lock:
                self.srv.state.places[scenario] = self.srv.state.places.get(scenario, 0) + 1
                self.srv.state.orders += 1
            mode = SCENARIOS[scenario].place
            if mode == "slow":
                self.srv.stopping.wait(self.srv.place_delay)
            elif mode == "hang":
                self.srv.stopping.wait(self.srv.hang_seconds)
                return self._send(504, b"", "text/plain")
            return self._redirect(f"/{scenario}/done")
        return self._send(404, b"", "text/plain")


class HostileServer:
    """The hostile shops in a background thread; a context manager that always stops cleanly.

    `place_delay`: seconds the `slow` scenario takes to answer a place-order POST;
    `hang_seconds`: how long `hang` keeps its answer back (cut short when the server stops).
    """

    def __init__(self, port: int = 0, frame_origin: Optional[str] = None, place_delay: float = 3.0,
                 hang_seconds: float = 120.0) -> None:
        self.frame_origin = frame_origin
        self.place_delay = place_delay
        self.hang_seconds = hang_seconds
        self.state = _State()
        self.stopping = threading.Event()
        handler = type("BoundHostileHandler", (_Handler,), {"srv": self})
        self._httpd = ThreadingHTTPServer((HOST, port), handler)
        self._httpd.daemon_threads = True
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._httpd.server_address[1]}"

    def start_url(self, scenario: str, page: str = "checkout") -> str:
        if scenario not in SCENARIOS:
            raise KeyError(scenario)
        return f"{self.url}/{scenario}/{page}"

    def beacons(self) -> list[dict]:
        """Every report the pages' scripts sent: {scenario, name, id, trap, value, event, origin}."""
        with self.state.lock:
            return copy.deepcopy(self.state.beacons)

    def posts(self, scenario: str) -> list[dict[str, str]]:
        """Every checkout form posted for `scenario` (field name -> value)."""
        with self.state.lock:
            return copy.deepcopy(self.state.posts.get(scenario, []))

    def place_order_count(self, scenario: str) -> int:
        with self.state.lock:
            return self.state.places.get(scenario, 0)

    def reset(self) -> None:
        with self.state.lock:
            self.state.reset()

    def start(self) -> "HostileServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name="hostile-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # releases hanging answers
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "HostileServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
