"""A tiny static file server on 127.0.0.1 for browser tests: serves one folder, logs nothing,
stops cleanly. `extra` maps paths to (content type, body) for non-HTML answers."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator, Optional
from contextlib import contextmanager


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        if path in self.extra:
            ctype, body = self.extra[path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_handler(handler) -> Iterator[str]:
    """Yields the base URL while `handler` (a request handler class or factory) answers on
    127.0.0.1, on a free port; the server is shut down and closed after."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@contextmanager
def serve(directory: Path, extra: Optional[dict[str, tuple[str, bytes]]] = None) -> Iterator[str]:
    """Yields the base URL (`http://127.0.0.1:PORT`) while the folder is served."""
    handler = type("H", (_Handler,), {"extra": dict(extra or {})})
    with serve_handler(functools.partial(handler, directory=str(directory))) as base:
        yield base
