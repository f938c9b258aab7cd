"""Screenshots of the main pages for the README.

Every run takes them (into a temporary folder) and checks each stays small; only with
``GRANTMATCH_SCREENSHOTS=1`` are they written to docs/screenshots/, so normal runs never rewrite
committed files:  GRANTMATCH_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest

from grantmatch.config import PROJECT_ROOT
from tests.browser.conftest import LiveServer, login

pytestmark = pytest.mark.browser

MAX_PNG_BYTES = 250 * 1024
IDEA_NB = "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima"
IDEA_EN = "Our kindergarten wants to work with kindergartens in Sweden and Denmark on reading"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}

# file name -> (path, context options, needs login, element to scroll to the top or None)
SHOTS: dict[str, tuple[str, dict[str, Any], bool, str | None]] = {
    "search.png": ("/", DESKTOP, False, None),
    "results-nb.png": (f"/search?q={IDEA_NB}", DESKTOP, False, "#results-heading"),
    "scheme.png": ("/schemes/erasmus-school-short-term-mobility", DESKTOP, False, None),
    "results-phone.png": (f"/search?q={IDEA_NB}", PHONE, False, "#results-heading"),
    "results-en.png": (f"/search?lang=en&q={IDEA_EN}", DESKTOP, False, "#results-heading"),
    "coordinator-login.png": ("/admin/login", DESKTOP, False, None),
    "admin-schemes.png": ("/admin/schemes", DESKTOP, True, None),
    "admin-scheme-edit.png": ("/admin/schemes/erasmus-school-short-term-mobility/edit", DESKTOP, True, None),
}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("GRANTMATCH_SCREENSHOTS") == "1":
        folder = PROJECT_ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def test_screenshots_of_the_main_pages(new_context: Callable[..., Any], live_server: LiveServer,
                                       out_dir: Path) -> None:
    coordinator = None  # one logged-in page for the admin shots; a fresh context (no language cookie) otherwise
    for name, (path, options, logged_in, scroll_to) in SHOTS.items():
        if logged_in:
            if coordinator is None:
                coordinator = new_context(**options).new_page()
                login(coordinator, live_server.url)
            page = coordinator
        else:
            page = new_context(**options).new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if scroll_to:
            page.locator(scroll_to).evaluate("e => e.scrollIntoView({block: 'start'})")
        target = out_dir / name
        page.screenshot(path=str(target), full_page=False, animations="disabled", caret="hide")
        size = target.stat().st_size
        assert 0 < size <= MAX_PNG_BYTES, f"{name} is {size} bytes"
