"""A real Selenium Grid 4 (standalone: hub and one node) on 127.0.0.1 for tests, its node driving
Debian's /usr/bin/chromedriver; started per test module and stopped by its PID.

The jar comes from npm's `@nightwatch/selenium-server` (`.ci/run` puts it in /opt/selenium-grid and
sets AUTOFILL_GRID_JAR). Without Java or the jar the Grid tests are skipped, unless AUTOFILL_GRID_JAR
names a jar — then a missing one is an error, so CI cannot skip them silently."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import pytest

CANDIDATES = ("/opt/selenium-grid", "/tmp/grid/node_modules/@nightwatch/selenium-server/lib")


def grid_jar() -> Optional[Path]:
    named = os.environ.get("AUTOFILL_GRID_JAR")
    if named:
        if not Path(named).is_file():
            raise RuntimeError(f"AUTOFILL_GRID_JAR={named} is not a file")
        return Path(named)
    for folder in CANDIDATES:
        jars = sorted(Path(folder).glob("selenium-server-*.jar"))
        if jars:
            return jars[-1]
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def selenium_grid(slots: int = 2) -> Iterator[str]:
    """Yields the Grid's URL once it reports ready."""
    jar = grid_jar()
    java = shutil.which("java")
    if jar is None or java is None:
        pytest.skip("Selenium Grid needs Java 17 and the selenium-server jar (see .ci/run)")
    work = Path(tempfile.mkdtemp(prefix="autofill-grid-"))
    port = _free_port()
    (work / "grid.toml").write_text(f"""
[server]
host = "127.0.0.1"
port = {port}

[node]
detect-drivers = false
selenium-manager = false
max-sessions = {slots}
override-max-sessions = true

[[node.driver-configuration]]
display-name = "chromium"
stereotype = '{{"browserName": "chrome", "platformName": "linux", "goog:chromeOptions": {{"binary": "/usr/bin/chromium"}}}}'
max-sessions = {slots}
webdriver-executable = "/usr/bin/chromedriver"
""", encoding="utf-8")
    log = open(work / "grid.log", "wb")
    proc = subprocess.Popen([java, "-jar", str(jar), "standalone", "--config", str(work / "grid.toml")],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=work)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "/status", timeout=2) as resp:
                    if b'"ready": true' in resp.read():
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Selenium Grid did not start: " + (work / "grid.log").read_text(errors="replace")[-500:])
            time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def kill_browser(driver) -> None:
    """SIGKILL the Chromium of one session, local or on the Grid's node. Its DevTools port (in the
    session's capabilities) is written in the DevToolsActivePort file of its profile folder, which
    names the browser process."""
    address = (driver.capabilities.get("goog:chromeOptions") or {}).get("debuggerAddress", "")
    port = address.rsplit(":", 1)[-1]
    if not port.isdigit():
        raise RuntimeError("the session does not say which browser is its own")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\x00")
        except OSError:
            continue
        if not args or "chrom" not in Path(args[0]).name or any(a.startswith("--type=") for a in args):
            continue  # only browser main processes
        folder = next((a.split("=", 1)[1] for a in args if a.startswith("--user-data-dir=")), None)
        try:
            active = (Path(folder) / "DevToolsActivePort").read_text().split()[0] if folder else ""
        except (OSError, IndexError):
            continue
        if active == port:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
