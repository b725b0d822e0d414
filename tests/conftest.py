"""Shared fixtures: the built site (once per session) and one Chromium for all browser tests."""
from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright reports a service worker's own requests (its precache fetches, its network fallback)
# as context 'request' events only with this set before it starts: the request checks below see
# every worker's traffic.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

ROOT = Path(__file__).resolve().parent.parent
# Schemes that stay inside the built site; anything else is a request to another host.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def leaves_machine(url: str) -> bool:
    """A request to anything but the built site's files or the loopback test server."""
    return not url.startswith(LOCAL_SCHEMES) and urlsplit(url).hostname not in LOOPBACK


def from_worker(request) -> bool:
    """A request a worker made (service worker, or a dedicated worker such as search's)."""
    from playwright.sync_api import Error
    if request.service_worker is not None:
        return True
    try:
        request.frame
    except Error:
        return True
    return False
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build_site(dest: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` at the default log level (with -q, strict counts no warnings)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The built site. `make test` builds it just before pytest and passes SITE_DIR=site."""
    given = os.environ.get("SITE_DIR")
    if given:
        path = (ROOT / given).resolve()
        assert (path / "index.html").is_file(), f"SITE_DIR={given} holds no built site"
        return path
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
    return dest


PUBLIC_URL = "https://example.org/ir/"   # a sub-path on purpose: the Pages address will have one


def network_free(cmd: list[str]) -> tuple[list[str], bool]:
    """The command under `unshare -n` (no network at all) where this machine allows it."""
    ok = shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    return (["unshare", "-n", *cmd], True) if ok else (cmd, False)


@pytest.fixture(scope="session")
def public_build(tmp_path_factory) -> dict:
    """The one extra site of a test run: SITE_URL set, built strict with no network. Built once
    and shared by the xdist workers (a file lock in their common temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    base = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    dest, done = base / "public-site", base / "public-site.json"
    with open(base / "public-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            cmd, isolated = network_free([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)])
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", SITE_URL=PUBLIC_URL)
            result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            done.write_text(json.dumps({"returncode": result.returncode, "stderr": result.stderr[-4000:],
                                        "isolated": isolated}))
    info = json.loads(done.read_text())
    info["path"] = dest
    return info


@pytest.fixture(scope="session")
def public_site(public_build) -> Path:
    assert public_build["returncode"] == 0, f"strict build with SITE_URL failed:\n{public_build['stderr']}"
    return public_build["path"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a missing address with the site's 404.html and status 404, as static hosts do."""

    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser moved on (a prefetch or a closed page): nothing left to answer


@pytest.fixture(scope="session")
def site_http(site_dir):
    """The built site served over loopback http (OS-chosen port, so xdist workers never clash).
    Yields the base address, ending in '/'."""
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def chromium_path() -> str | None:
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        return given
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = ("Chromium not found: browser tests need it. On Debian: `apt-get install chromium`, "
                   "or set CHROMIUM_PATH to a Chromium executable.")
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: browser tests may not skip)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page. `page.requests_outside`: requests leaving the site; `page.script_errors`.
    Any request from a worker (the offline worker included) to a host other than loopback fails
    the test that made it."""
    context = browser.new_context()
    pg = context.new_page()
    pg.requests_outside = []
    pg.script_errors = []
    worker_outside: list[str] = []
    pg.on("request", lambda r: r.url.startswith(LOCAL_SCHEMES) or pg.requests_outside.append(r.url))
    pg.on("pageerror", lambda e: pg.script_errors.append(str(e)))
    context.on("request", lambda r: leaves_machine(r.url) and from_worker(r) and worker_outside.append(r.url))
    yield pg
    context.close()
    assert worker_outside == [], f"a worker requested another host: {worker_outside[:5]}"
