"""axe-core (WCAG 2.1 A and AA rules) on every kind of page: no serious or critical violations.

Moderate and minor findings are printed (``pytest -s`` or in the report of a failing test) so
they can be tracked without failing the build. axe is injected from node_modules/ into a context
that bypasses the page's Content-Security-Policy (the app itself allows no inline scripts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.browser.conftest import LiveServer, login
from tests.browser.test_coordinator import csv_file, exported_rows

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
IDEA_NB = "Barnehagen vil samarbeide med barnehager i Sverige og Danmark om lesing"


def run_axe(page: Any, axe_script: Path) -> dict[str, list[dict[str, Any]]]:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate("""(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                       resultTypes: ['violations', 'incomplete']})
                              .then(r => ({violations: r.violations, incomplete: r.incomplete}))""", WCAG_TAGS)


def check(page: Any, axe_script: Path, label: str) -> None:
    result = run_axe(page, axe_script)
    violations = result["violations"]
    for v in result["incomplete"]:  # axe could not decide (e.g. text over a gradient): for a human to review
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]][:3]
        print(f"axe [{label}] needs review: {v['id']} ({len(v['nodes'])}×) → {targets}")
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]][:5]
        print(f"axe [{label}] {v['impact']}: {v['id']} ({len(v['nodes'])}×) {v['help']} → {targets}")
    blocking = [f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:160]}"
                for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{label}: serious/critical accessibility violations:\n" + "\n".join(blocking)


STAFF_PAGES = {
    "search": "/",
    "results-nb": f"/search?q={IDEA_NB}",
    "results-en": f"/search?lang=en&q={IDEA_NB}",
    "no-results": "/search?q=zzzz+qqqq+xxxx",
    "empty-search-error": "/search?q=+",
    "scheme": "/schemes/nordplus-junior",
    "retired-or-other-scheme": "/schemes/horizon-2020",
    "schemes-list": "/schemes",
    "projects": "/projects",
    "projects-filtered-en": "/projects?lang=en&country=SE",
    "projects-overview": "/projects/overview?year=2012",
    "login": "/admin/login",
    "404": "/finnes-ikke",
}


@pytest.mark.parametrize("path", STAFF_PAGES.values(), ids=STAFF_PAGES.keys())
def test_staff_page_has_no_serious_accessibility_violations(path: str, new_context: Callable[..., Any],
                                                            live_server: LiveServer, axe_script: Path) -> None:
    page = new_context(bypass_csp=True).new_page()
    page.goto(live_server.url + path)
    check(page, axe_script, path)


@pytest.fixture
def coordinator_page(new_context: Callable[..., Any], live_server: LiveServer) -> Iterator[Any]:
    page = new_context(bypass_csp=True).new_page()
    login(page, live_server.url)
    yield page


ADMIN_PAGES = ["/admin/", "/admin/schemes", "/admin/schemes?sort=status&dir=desc&q=erasmus",
               "/admin/schemes/nordplus-junior/edit", "/admin/schemes/new", "/admin/schemes/nordplus-junior/history",
               "/admin/history", "/admin/projects", "/admin/projects/new", "/admin/glossary",
               "/admin/glossary/history", "/admin/import", "/admin/links"]


def test_admin_pages_have_no_serious_accessibility_violations(coordinator_page: Any, live_server: LiveServer,
                                                              axe_script: Path) -> None:
    page = coordinator_page
    failures = []
    for path in ADMIN_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        try:
            check(page, axe_script, path)
        except AssertionError as exc:
            failures.append(str(exc))
    # A project's edit page, found from the list.
    page.goto(live_server.url + "/admin/projects")
    edit = page.locator("a[href$='/edit']").first
    if edit.count():
        edit.click()
        page.wait_for_load_state()
        try:
            check(page, axe_script, page.url)
        except AssertionError as exc:
            failures.append(str(exc))
    assert failures == [], "\n".join(failures)


def test_admin_forms_with_errors_have_no_serious_accessibility_violations(coordinator_page: Any,
                                                                         live_server: LiveServer,
                                                                         axe_script: Path) -> None:
    """Pages that only appear after a POST: a scheme form with errors and both import previews.
    Nothing here changes the catalogue (invalid save; previews are not confirmed)."""
    page, base = coordinator_page, live_server.url
    failures = []

    page.goto(base + "/admin/schemes/new")
    page.locator("form button.primary[type=submit]").click()  # empty form: errors on every required field
    page.locator(".error-summary").wait_for()
    for label, action in (("scheme form with errors", None), ("import preview with an error", "bad"),
                          ("import preview", "good")):
        if action is not None:
            rows = exported_rows(live_server)
            rows[0]["name.en"] = "Preview only"
            if action == "bad":
                rows[1]["funding.currency"] = "XYZ"
            page.goto(base + "/admin/import")
            page.locator("#import-file").set_input_files(csv_file(rows))
            page.locator("main form[enctype] button[type=submit]").click()
            page.locator(".import-errors, form[action$='/import/confirm']").first.wait_for()
        try:
            check(page, axe_script, label)
        except AssertionError as exc:
            failures.append(str(exc))
    assert failures == [], "\n".join(failures)
