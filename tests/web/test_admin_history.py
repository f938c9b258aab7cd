"""Coordinator history pages: field-level diffs, pagination and restoring an earlier version."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from tests.web.test_admin import EMAIL, app, client, edit_values, scheme, seeded_sqlite, sqlite_seeded_runtime  # noqa: F401


def test_history_shows_diff_and_restores_an_earlier_version(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    original = scheme(sqlite_seeded_runtime, "nordplus-junior").data
    data = edit_values(sqlite_seeded_runtime, "nordplus-junior",
                       **{"funding.max": "25000", "partners.min_countries": "3"})
    assert client.post("/admin/schemes/nordplus-junior/edit", data=data).status_code == 302

    html = client.get("/admin/schemes/nordplus-junior/history").get_data(as_text=True)
    assert "version 2" in html and EMAIL in html
    changed = re.search(r'<th scope="row">partners</th><td class="diff-old">(.*?)</td><td class="diff-new">(.*?)</td>',
                        html, re.S)
    assert changed, "the partners field is listed as changed"
    assert "min_countries: 2" in changed.group(1) and "min_countries: 3" in changed.group(2)
    assert "max: 25000" in html

    with sqlite_seeded_runtime.session() as session:
        first = cat.history(session, "scheme", "nordplus-junior")[-1]
    response = client.post(f"/admin/revisions/{first.id}/revert", follow_redirects=True)
    assert "is restored as the new version 3" in response.get_data(as_text=True)
    row = scheme(sqlite_seeded_runtime, "nordplus-junior")
    assert row.version == 3 and row.data == original
    with sqlite_seeded_runtime.session() as session:
        latest = cat.history(session, "scheme", "nordplus-junior")[0]
    assert (latest.action, latest.author) == ("revert", EMAIL)
    assert "restored an earlier version" in client.get("/admin/schemes/nordplus-junior/history").get_data(as_text=True)
    assert client.post("/admin/revisions/999999/revert").status_code == 404


def test_all_changes_are_paginated(client: FlaskClient) -> None:
    first = client.get("/admin/history").get_data(as_text=True)
    assert first.count('class="revision"') == 30 and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/admin/history?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and second.count('class="revision"') == 30
    assert client.get("/admin/history?page=abc").status_code == 200
