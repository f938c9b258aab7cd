"""The coordinator area in a real browser (CSRF on): log in, edit a scheme and see it in the staff
pages, a conflicting edit from two browsers, and a CSV import previewed before it is applied.

These tests change the catalogue, so they use a server of their own (``writable_server``)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Callable

import pytest

from grantmatch.services import catalog as cat
from grantmatch.services import transfer
from tests.browser.conftest import EMAIL, PASSWORD, LiveServer, login
from tests.browser.test_staff_pages import PHONE, horizontal_overflow

pytestmark = pytest.mark.browser


ADMIN_PHONE_PAGES = ["/admin/schemes", "/admin/schemes/nordplus-junior/edit", "/admin/schemes/nordplus-junior/history",
                     "/admin/history", "/admin/projects", "/admin/glossary", "/admin/import", "/admin/links"]


def test_coordinator_pages_fit_a_phone(new_context: Callable[..., Any], live_server: LiveServer) -> None:
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    page = new_context(**PHONE).new_page()
    login(page, live_server.url)
    assert horizontal_overflow(page, live_server.url, ADMIN_PHONE_PAGES) == {}


def test_coordinator_dashboard_fits_a_phone(new_context: Callable[..., Any], live_server: LiveServer) -> None:
    page = new_context(**PHONE).new_page()
    login(page, live_server.url)
    assert horizontal_overflow(page, live_server.url, ["/admin/"]) == {}


def stored(server: LiveServer, scheme_id: str) -> Any:
    with server.runtime.session() as session:
        row = cat.get_entity(session, "scheme", scheme_id)
        return row.version, row.data


def test_coordinator_edits_a_summary_and_staff_see_it(new_context: Callable[..., Any],
                                                       writable_server: LiveServer) -> None:
    base = writable_server.url
    scheme_id = "etwinning"
    new_summary = "Free online platform where schools find partner classes in Europe — edited in the browser test."
    page = new_context(locale="en-GB").new_page()
    page.goto(base + "/admin/schemes")
    page.wait_for_url(re.compile(r"/admin/login\?next="))  # the coordinator area needs a login
    page.locator("#email").fill(EMAIL.upper())  # addresses are case-insensitive
    page.locator("#password").fill("wrong password")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".flash-error").is_visible()
    page.locator("#email").fill(EMAIL)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + "/admin/schemes")  # back where the coordinator was going

    page.locator(f"a[href='/admin/schemes/{scheme_id}/edit']").first.click()
    page.wait_for_url(f"{base}/admin/schemes/{scheme_id}/edit")
    version_before, _ = stored(writable_server, scheme_id)
    page.locator("#f-summary-en").fill(new_summary)
    page.locator("form button.primary[type=submit]").click()
    page.wait_for_url(f"{base}/admin/schemes/{scheme_id}/edit")
    assert page.locator(".flash-success").is_visible()
    assert f"{version_before + 1}" in page.locator(".flash-success").inner_text()
    assert page.locator("#f-summary-en").input_value() == new_summary

    staff = new_context(locale="en-GB").new_page()
    staff.goto(f"{base}/search?q=eTwinning+online+partner+schools+in+Europe")
    result = staff.locator("li.result", has=staff.locator(f"a[href='/schemes/{scheme_id}']"))
    assert result.count() == 1 and new_summary in result.inner_text()
    result.locator("h3 a").click()
    staff.wait_for_url(f"{base}/schemes/{scheme_id}")
    assert staff.locator(".lead").inner_text() == new_summary
    staff.goto(f"{base}/schemes/{scheme_id}?lang=nb")  # the bokmål summary is untouched
    assert staff.locator(".lead").inner_text() != new_summary


def test_second_of_two_conflicting_edits_sees_the_conflict_page(new_context: Callable[..., Any],
                                                                writable_server: LiveServer) -> None:
    base = writable_server.url
    scheme_id = "nordplus-adult"
    edit_url = f"{base}/admin/schemes/{scheme_id}/edit"
    first, second = new_context(locale="en-GB").new_page(), new_context(locale="en-GB").new_page()
    for page in (first, second):
        login(page, base)
        page.goto(edit_url)
    version_before, _ = stored(writable_server, scheme_id)

    first.locator("#f-summary-en").fill("Summary saved by the first coordinator.")
    first.locator("form button.primary[type=submit]").click()
    first.wait_for_url(edit_url)
    assert first.locator(".flash-success").is_visible()

    second.locator("#f-summary-en").fill("Summary from the second coordinator.")
    response_status = []
    second.on("response", lambda r: response_status.append(r.status) if r.url == edit_url and
              r.request.method == "POST" else None)
    second.locator("form button.primary[type=submit]").click()
    second.locator(".conflict").wait_for()
    assert response_status == [409]
    assert second.locator("h1").inner_text() == "Someone else changed this scheme"
    assert "Summary saved by the first coordinator." in second.locator("main table").inner_text()
    # The second coordinator's text is still in the form, and nothing was overwritten.
    assert second.locator("#f-summary-en").input_value() == "Summary from the second coordinator."
    version, data = stored(writable_server, scheme_id)
    assert version == version_before + 1 and data["summary"]["en"] == "Summary saved by the first coordinator."

    second.get_by_role("link", name="Discard my changes and open the current version").click()
    second.wait_for_url(edit_url)
    assert second.locator("#f-summary-en").input_value() == "Summary saved by the first coordinator."


def exported_rows(server: LiveServer) -> list[dict[str, str]]:
    with server.runtime.session() as session:
        text = transfer.export_bytes(session, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def csv_file(rows: list[dict[str, str]]) -> dict[str, Any]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return {"name": "ordninger.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode("utf-8")}


def test_csv_import_with_a_bad_row_changes_nothing_and_a_good_one_waits_for_confirm(
        new_context: Callable[..., Any], writable_server: LiveServer) -> None:
    base = writable_server.url
    page = new_context(locale="en-GB").new_page()
    login(page, base)
    rows = exported_rows(writable_server)
    target = rows[0]["id"]
    version_before, data_before = stored(writable_server, target)
    rows[0]["name.en"] = "Renamed by the CSV import"
    rows[2]["funding.currency"] = "XYZ"  # the bad row: line 4 of the file

    page.goto(base + "/admin/import")
    page.locator("#import-file").set_input_files(csv_file(rows))
    page.get_by_role("button", name="Upload and preview").click()
    page.locator(".import-errors").wait_for()
    errors = page.locator(".import-errors li").all_inner_texts()
    assert len(errors) == 1 and errors[0].startswith("ordninger.csv:4: funding.currency:"), errors
    assert page.get_by_role("button", name="Import now").count() == 0  # a bad file cannot be applied
    assert stored(writable_server, target) == (version_before, data_before)

    rows[2]["funding.currency"] = exported_rows(writable_server)[2]["funding.currency"]  # fix the row
    page.goto(base + "/admin/import")
    page.locator("#import-file").set_input_files(csv_file(rows))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Import now").wait_for()
    changed = page.locator("table tbody tr", has=page.locator("th", has_text=re.compile(r"^Changed$")))
    assert changed.locator("td").nth(0).inner_text() == "1" and target in changed.inner_text()
    staff = new_context(locale="en-GB").new_page()
    staff.goto(f"{base}/schemes/{target}")
    assert staff.locator("h1").inner_text() == data_before["name"]["en"]  # not yet: only a preview
    assert stored(writable_server, target)[0] == version_before

    page.get_by_role("button", name="Import now").click()
    page.get_by_role("heading", name="Import done").wait_for()
    staff.reload()
    assert staff.locator("h1").inner_text() == "Renamed by the CSV import"
    assert stored(writable_server, target)[0] == version_before + 1
