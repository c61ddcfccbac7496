"""The fixture world's HTTP server: every site under /<site>/, on 127.0.0.1 only.

Standard library only (ThreadingHTTPServer), so tests need nothing but the package. State lives
in memory and `reset()` forgets it; orders hold no card number or CVC, only the last 4 digits.
"""
from __future__ import annotations

import copy
from decimal import Decimal
import json
import mimetypes
import secrets
import threading
import time
from http import cookies
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from . import api, logic
from .model import COMMON_DIR, Site, load_sites
from .mutate import Mutator
from .render import COMMON_PREFIX, SessionState, render_page, scrub_card_data, secret_names

HOST = "127.0.0.1"
COOKIE = "fxsid"


class World:
    """Sessions, carts and orders of every site; one lock keeps concurrent requests consistent."""

    def __init__(self, sites: list[Site], delay_scale: float, mutation=None) -> None:
        self.sites = {s.site: s for s in sites}
        self._original_sites = dict(self.sites)  # set_product swaps copies in; reset restores these
        self.delay_scale = delay_scale
        self.mutator = Mutator(mutation)  # fixtures/README.md "Mutation mode"; inert when None
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with getattr(self, "lock", threading.Lock()):
            self.states: dict[tuple[str, str], SessionState] = {}
            self.orders: dict[str, list[dict]] = {name: [] for name in self.sites}
            self.counters: dict[str, int] = {name: 1000 for name in self.sites}
            if hasattr(self, "_original_sites"):
                self.sites = dict(self._original_sites)

    def set_product(self, site: str, price: Optional[Decimal] = None, in_stock: Optional[bool] = None) -> None:
        """The shop changes its product (a sale, a rise, sold out, back in stock): every page shows
        it from now on, until `reset`. What a price tracker's tests move (`POST /_fixtures/product`)."""
        change: dict = {}
        if price is not None:
            change["price"] = price
        if in_stock is not None:
            change["in_stock"] = in_stock
        with self.lock:
            old = self.sites[site]
            self.sites[site] = old.model_copy(update={"product": old.product.model_copy(update=change)})

    def state(self, sid: str, site: str) -> SessionState:
        return self.states.setdefault((sid, site), SessionState())

    def next_number(self, site: Site) -> str:
        self.counters[site.site] += 1
        return f"{site.order_prefix}{self.counters[site.site]}"


class Handler(BaseHTTPRequestHandler):
    server_version = "FixtureShop/1.0"
    world: World  # set on the subclass the server builds

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: tests read no logs
        return

    # --- plumbing -------------------------------------------------------------------------
    def _sid(self) -> str:
        jar = cookies.SimpleCookie(self.headers.get("Cookie", ""))
        sid = jar[COOKIE].value if COOKIE in jar else ""
        if not sid:
            sid = secrets.token_hex(12)
            self._new_cookie = sid
        return sid

    def _send(self, status: int, body: bytes, ctype: str, extra: Optional[dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        new = getattr(self, "_new_cookie", None)
        if new:
            self.send_header("Set-Cookie", f"{COOKIE}={new}; Path=/; HttpOnly; SameSite=Lax")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html(self, page: str, status: int = 200) -> None:
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _json(self, status: int, body: dict) -> None:
        self._send(status, json.dumps(body).encode("utf-8"), "application/json")

    def _api(self, site: Site, rest: str, raw: str) -> None:
        """The single-page shops' JSON calls (api.py): the cart and each view's save."""
        try:
            body = json.loads(raw or "{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return self._json(400, {"ok": False, "errors": ["Expected a JSON object."]})
        sid = self._sid()
        with self.world.lock:
            state = self.world.state(sid, site.site)
            if rest == "/api/cart":
                status, out, delay = api.cart(site, state, body)
            elif rest.startswith("/api/checkout/"):
                status, out, delay = api.save_view(self.world, site, state, rest[len("/api/checkout/"):], body)
            else:
                return self._json(404, {"ok": False, "errors": ["Not found."]})
        if delay > 0:  # the shop "saving": outside the lock, as a slow backend would be
            time.sleep(delay)
        self._json(status, out)

    def _redirect(self, location: str) -> None:
        site, _ = self._route()
        location = self.world.mutator.outgoing(site, location)
        self._send(303, b"", "text/plain", {"Location": location})

    def _not_found(self) -> None:
        self._send(404, b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>", "text/html; charset=utf-8")

    def _file(self, folder: Path, name: str) -> None:
        target = (folder / name).resolve()
        if folder.resolve() not in target.parents or not target.is_file():
            return self._not_found()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        self._send(200, target.read_bytes(), ctype)

    def _route(self) -> tuple[Optional[Site], str]:
        path = urlsplit(self.path).path
        parts = path.split("/", 2)
        site = self.world.sites.get(parts[1]) if len(parts) > 1 else None
        rest = "/" + parts[2] if len(parts) > 2 else "/"
        rest = rest.rstrip("/") or "/"
        return site, (self.world.mutator.incoming(site, rest) if site else rest)

    # --- GET ------------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            return self._html(self._index())
        if path.startswith("/_fixtures/orders/") and path.endswith(".json"):
            name = path[len("/_fixtures/orders/"):-len(".json")]
            if name not in self.world.sites:
                return self._not_found()
            with self.world.lock:
                body = json.dumps(self.world.orders[name], indent=1).encode()
            return self._send(200, body, "application/json")
        if path.startswith(COMMON_PREFIX + "/"):
            return self._file(COMMON_DIR, path[len(COMMON_PREFIX) + 1:])
        site, rest = self._route()
        if site is None:
            return self._not_found()
        if rest.startswith("/static/"):
            return self._file(site.dir / "static", rest[len("/static/"):])
        if rest == "/api/state":
            with self.world.lock:
                body = api.snapshot(site, self.world.state(self._sid(), site.site))
            return self._json(200, body)
        if rest == "/":
            return self._redirect(f"/{site.site}{site.start}")
        sid = self._sid()
        with self.world.lock:
            state = self.world.state(sid, site.site)
            guard = self._guard(site, rest, state)
            if guard:
                return self._redirect(guard)
            page = render_page(site, rest, state, self.world.delay_scale)
        if page is None:
            return self._not_found()
        self._html(self.world.mutator.page(site, rest, page))

    def _guard(self, site: Site, path: str, state: SessionState) -> Optional[str]:
        """Where to send a shopper who skipped ahead (empty cart, no order yet)."""
        step = site.step(path)
        if step is None:
            return None
        cart = next((s for s in site.steps if s.kind == "cart"), site.steps[0])
        idx, cart_idx = site.step_index(path), site.step_index(cart.path)
        if step.kind == "confirmation" and state.order is None:
            return f"/{site.site}{cart.path}"
        if idx > cart_idx and state.qty == 0 and state.order is None:
            return f"/{site.site}{cart.path}"
        return None

    def _index(self) -> str:
        rows = "".join(f'<li><a href="/{s.site}{s.start}">{s.title}</a> ({s.site})</li>'
                       for s in self.world.sites.values())
        return f"<!DOCTYPE html><html><head><title>Fixture shops</title></head><body><h1>Fixture shops</h1><ul>{rows}</ul></body></html>"

    # --- POST -----------------------------------------------------------------------------
    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if path == "/_fixtures/reset":
            self.world.reset()
            return self._send(200, b'{"ok": true}', "application/json")
        if path == "/_fixtures/product":  # {"site": "magento-like", "price": "21.50", "in_stock": false}
            try:
                body = json.loads(raw or "{}")
                price = Decimal(str(body["price"])) if body.get("price") is not None else None
                stock = body.get("in_stock")
                if stock is not None and not isinstance(stock, bool):
                    raise ValueError("in_stock")
                self.world.set_product(str(body["site"]), price, stock)
            except (ValueError, KeyError, TypeError, ArithmeticError):
                return self._send(400, b'{"ok": false}', "application/json")
            return self._send(200, b'{"ok": true}', "application/json")
        site, rest = self._route()
        if site is not None and rest.startswith("/api/"):
            return self._api(site, rest, raw)
        step = site.step(rest) if site else None
        if site is None or step is None:
            return self._not_found()
        posted = parse_qs(raw, keep_blank_values=True)
        sid = self._sid()
        base = f"/{site.site}"
        idx = site.step_index(rest)
        nxt = site.steps[idx + 1].path if idx + 1 < len(site.steps) else rest
        with self.world.lock:
            state = self.world.state(sid, site.site)
            if "_back" in posted and idx > 0:
                return self._redirect(base + site.steps[idx - 1].path)
            if step.kind == "product":
                state.qty += _int(posted.get(site.qty_field, ["1"])[0], 1)
                return self._redirect(base + nxt)
            if step.kind == "cart":
                if site.qty_field in posted:
                    state.qty = _int(posted[site.qty_field][0], state.qty)
                return self._redirect(base + (rest if state.qty <= 0 else nxt))
            if step.place_order and state.order is not None:
                return self._redirect(base + nxt)  # once per session: same confirmation
            guard = self._guard(site, rest, state)
            if guard:
                return self._redirect(guard)
            previous = state.posts.get(rest, {})
            data = {k: v for k, v in state.data.items() if k not in previous}
            data.update({k: v[-1] for k, v in posted.items()})
            errors = logic.validate(site, step, data)
            if errors:
                page = render_page(site, rest, state, self.world.delay_scale, errors, posted)
                return self._html(self.world.mutator.page(site, rest, page or ""), 200)
            scrub_card_data(data, site)
            state.data = data
            state.posts[rest] = {k: v for k, v in posted.items() if k not in secret_names(site)}
            if not step.place_order:
                return self._redirect(base + nxt)
            state.order = logic.build_order(site, data, max(state.qty, 1),
                                            data.get(site.shipping_field, ""), self.world.next_number(site))
            self.world.orders[site.site].append(state.order)
        delay = site.delays.place_order * self.world.delay_scale
        if delay > 0:
            time.sleep(delay)
        self._redirect(base + nxt)


def _int(text: str, default: int) -> int:
    try:
        return max(0, min(99, int(text.strip())))
    except (ValueError, AttributeError):
        return default


class FixtureServer:
    """The fixture shops in a background thread; a context manager that always stops cleanly."""

    def __init__(self, port: int = 0, delay_scale: float = 1.0, sites: Optional[list[Site]] = None,
                 mutation=None) -> None:
        self.world = World(sites if sites is not None else load_sites(), delay_scale, mutation)
        handler = type("BoundHandler", (Handler,), {"world": self.world})
        self._httpd = ThreadingHTTPServer((HOST, port), handler)
        self._httpd.daemon_threads = True
        self._thread: Optional[threading.Thread] = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def sites(self) -> list[Site]:
        return list(self.world.sites.values())

    @property
    def mutator(self) -> Mutator:
        return self.world.mutator

    def start_url(self, site: str) -> str:
        return f"{self.url}/{site}{self.world.sites[site].start}"

    def orders(self, site: str) -> list[dict]:
        with self.world.lock:
            return copy.deepcopy(self.world.orders[site])

    def reset(self) -> None:
        self.world.reset()

    def set_product(self, site: str, price=None, in_stock: Optional[bool] = None) -> None:
        self.world.set_product(site, None if price is None else Decimal(str(price)), in_stock)

    def start(self) -> "FixtureServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name="fixture-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "FixtureServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve_forever(port: int = 8000, delay_scale: float = 1.0, mutation=None) -> None:
    """Serve every site until Ctrl-C (`autofill serve-fixtures`), printing each start URL."""
    srv = FixtureServer(port=port, delay_scale=delay_scale, mutation=mutation)
    print(f"fixture shops on {srv.url} (delay scale {delay_scale}"
          f"{', mutation ' + ','.join(sorted(srv.mutator.kinds)) if srv.mutator else ''})", flush=True)
    for site in srv.sites:
        print(f"  {site.site:20} {srv.start_url(site.site)}", flush=True)
    try:
        srv._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv._httpd.server_close()
