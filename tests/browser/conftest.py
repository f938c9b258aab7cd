"""Browser tests: the real app served over HTTP on 127.0.0.1, driven by headless Chromium.

* ``live_server`` (one per session, read-only use) and ``writable_server`` (one per test
  module that edits the catalogue) each serve ``create_app(config)`` with CSRF enabled on a
  copy of a SQLite database seeded with the shipped catalogue, plus one coordinator account.
* ``new_context`` opens a Chromium context whose requests may only go to 127.0.0.1: anything
  else is aborted and fails the test (no CDN, no public URL is ever touched).
* Without Debian's ``/usr/bin/chromium`` or ``node_modules/axe-core`` the tests skip with the
  reason locally and fail under ``CI``.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from grantmatch.config import PROJECT_ROOT
from grantmatch.runtime import Runtime, open_runtime, prepare_database
from grantmatch.services import users
from grantmatch.web import create_app
from tests.conftest import free_port, make_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
EMAIL = "koordinator@fredrikstad.kommune.no"
PASSWORD = "et langt nok passord for testen"
TIMEOUT_MS = 10_000


def missing(reason: str) -> None:
    """Skip locally, fail in CI: CI must run every browser test."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)", pytrace=False)
    pytest.skip(reason)


@dataclass
class LiveServer:
    url: str
    runtime: Runtime
    server: BaseWSGIServer
    thread: threading.Thread

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        self.runtime.engine.dispose()


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated SQLite file with the real catalogue and a coordinator, built once, copied per server."""
    folder = tmp_path_factory.mktemp("browser-seed")
    runtime = open_runtime(make_config(f"sqlite:///{folder / 'seed.sqlite'}", folder))
    prepare_database(runtime)
    with runtime.session() as session:
        users.create_user(session, EMAIL, PASSWORD)
    runtime.engine.dispose()
    return folder / "seed.sqlite"


def start_server(seed: Path, folder: Path) -> LiveServer:
    db_file = folder / "live.sqlite"
    shutil.copy(seed, db_file)
    config = make_config(f"sqlite:///{db_file}", folder, wtf_csrf_enabled=True)
    runtime = open_runtime(config)
    app = create_app(config, runtime=runtime)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"live-server-{port}", daemon=True)
    thread.start()
    return LiveServer(f"http://127.0.0.1:{port}", runtime, server, thread)


@pytest.fixture(scope="session")
def live_server(seeded_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Shared by tests that do not change the catalogue (so screenshots show the shipped data)."""
    server = start_server(seeded_database, tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def writable_server(seeded_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own for a module whose tests edit or import catalogue records."""
    server = start_server(seeded_database, tmp_path_factory.mktemp("writable"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """What one browser context fetched: off-site attempts and CSS/JS bytes per page load."""

    offsite: list[str] = field(default_factory=list)
    asset_bytes: dict[str, int] = field(default_factory=dict)  # asset URL -> body size


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "about", "blob") or parts.hostname == "127.0.0.1"


@pytest.fixture
def new_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """``new_context(**options)`` → a fresh Chromium context (own cookies) with Norwegian as the
    browser language unless ``locale`` is given. Every context is closed after the test, and the
    test fails if any page tried to load something from outside 127.0.0.1."""
    contexts: list[tuple[Any, Traffic]] = []

    def open_context(**options: Any) -> Any:
        options.setdefault("locale", "nb-NO")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        traffic = Traffic()

        def refuse(route: Any) -> None:
            traffic.offsite.append(route.request.url)
            route.abort("blockedbyclient")

        context.route(lambda url: not _is_local(url), refuse)
        context.traffic = traffic
        contexts.append((context, traffic))
        return context

    yield open_context
    offsite = [url for _, traffic in contexts for url in traffic.offsite]
    for context, _ in contexts:
        context.close()
    assert offsite == [], f"pages tried to load from outside 127.0.0.1: {offsite}"


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    return new_context().new_page()


def login(page: Any, base_url: str, email: str = EMAIL, password: str = PASSWORD) -> None:
    """Log in through the real form, as a coordinator would."""
    page.goto(f"{base_url}/admin/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.exists():
        missing(f"accessibility tests need axe-core in {AXE_JS.parent} (run: npm ci --no-audit --no-fund)")
    return AXE_JS
