"""Coordinator area: login, CSRF, the scheme list and the scheme edit form (with validation and conflicts).

The fixtures here (an app on a copy of a seeded SQLite database, a logged-in client) are
imported by the other test_admin_*.py modules.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from grantmatch.runtime import Runtime, open_runtime, prepare_database
from grantmatch.services import users
from grantmatch.web import create_app
from tests.conftest import make_config

EMAIL = "coordinator@fredrikstad.kommune.no"
PASSWORD = "a long enough password"


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the shipped catalogue, built once and copied per test."""
    folder = tmp_path_factory.mktemp("seeded")
    rt = open_runtime(make_config(f"sqlite:///{folder / 'seed.sqlite'}", folder))
    prepare_database(rt)
    rt.engine.dispose()
    return folder / "seed.sqlite"


class EnglishClient(FlaskClient):
    """A test client that has chosen English, so assertions can use the English msgids."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_cookie("lang", "en")


def build_app(runtime: Runtime) -> Flask:
    with runtime.session() as session:
        users.create_user(session, EMAIL, PASSWORD)
    app = create_app(runtime.config, runtime=runtime)
    app.test_client_class = EnglishClient
    return app


@pytest.fixture
def sqlite_seeded_runtime(seeded_sqlite: Path, tmp_path: Path) -> Iterator[Runtime]:
    db_file = tmp_path / "test.sqlite"
    shutil.copy(seeded_sqlite, db_file)
    rt = open_runtime(make_config(f"sqlite:///{db_file}", tmp_path))
    yield rt
    rt.engine.dispose()


@pytest.fixture
def app(sqlite_seeded_runtime: Runtime) -> Flask:
    return build_app(sqlite_seeded_runtime)


def login(client: FlaskClient, email: str = EMAIL, password: str = PASSWORD) -> None:
    response = client.post("/admin/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.data[:500]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    c = app.test_client()
    login(c)
    return c


def csrf_token(html: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def form_data(values: Any) -> dict[str, list[str]]:
    """A MultiDict of form values as the test client's ``data``."""
    return values.to_dict(flat=False)


def scheme(runtime: Runtime, scheme_id: str) -> Any:
    from grantmatch.services import catalog as cat

    with runtime.session() as session:
        row = cat.get_entity(session, "scheme", scheme_id)
        session.expunge(row)
        return row


def edit_values(runtime: Runtime, scheme_id: str, **changes: str) -> dict[str, list[str]]:
    """The edit form of ``scheme_id`` as loaded from the database, with some inputs changed."""
    from grantmatch.web.admin import forms

    row = scheme(runtime, scheme_id)
    values = forms.scheme_to_form(row.data)
    data = form_data(values)
    data["version"] = [str(row.version)]
    for name, value in changes.items():
        data[name] = [value]
    return data


# --- access control ------------------------------------------------------------------------

def test_every_admin_url_needs_login_for_get_and_post(app: Flask) -> None:
    client = app.test_client()
    samples = {"scheme_id": "nordplus-junior", "project_id": "mic-malawi", "revision_id": 1, "partner_id": "aalborg",
               "idea_id": 1}
    checked = 0
    with app.test_request_context():
        from flask import url_for

        rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.") and r.endpoint != "admin.login"]
        for rule in rules:
            url = url_for(rule.endpoint, **{k: samples[k] for k in rule.arguments})
            for method in sorted({"GET", "POST"} & set(rule.methods or ())):
                response = client.open(url, method=method, data={"version": "1"})
                assert response.status_code == 302, (method, url)
                assert "/admin/login" in response.location, (method, url)
                checked += 1
    assert checked >= 20


def test_wrong_password_is_refused(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/admin/login", data={"email": EMAIL, "password": "wrong password!!"})
    assert response.status_code == 401
    assert client.get("/admin/schemes").status_code == 302


def test_admin_menu_lists_the_coordinator_pages(client: FlaskClient) -> None:
    html = client.get("/admin/").get_data(as_text=True)
    for href in ("/admin/schemes", "/admin/projects", "/admin/glossary", "/admin/history", "/admin/import"):
        assert f'href="{href}"' in html


def test_csrf_token_is_required_for_posts(seeded_sqlite: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "csrf.sqlite"
    shutil.copy(seeded_sqlite, db_file)
    rt = open_runtime(make_config(f"sqlite:///{db_file}", tmp_path, wtf_csrf_enabled=True))
    try:
        app = build_app(rt)
        client = app.test_client()
        refused = client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD})
        assert refused.status_code == 400
        token = csrf_token(client.get("/admin/login").get_data(as_text=True))
        assert client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD,
                                                 "csrf_token": token}).status_code == 302

        data = edit_values(rt, "nordplus-junior", **{"url": "https://www.nordplusonline.org/csrf"})
        without = client.post("/admin/schemes/nordplus-junior/edit", data=data)
        assert without.status_code == 400 and "form expired" in without.get_data(as_text=True)
        assert client.post("/admin/schemes/nordplus-junior/retire",
                           data={"version": "1", "successor": "nordplus-adult"}).status_code == 400
        assert scheme(rt, "nordplus-junior").version == 1

        token = csrf_token(client.get("/admin/schemes/nordplus-junior/edit").get_data(as_text=True))
        data["csrf_token"] = [token]
        assert client.post("/admin/schemes/nordplus-junior/edit", data=data).status_code == 302
        assert scheme(rt, "nordplus-junior").data["url"] == "https://www.nordplusonline.org/csrf"
    finally:
        rt.engine.dispose()


# --- list ----------------------------------------------------------------------------------

def test_scheme_list_filters_and_sorts(client: FlaskClient) -> None:
    html = client.get("/admin/schemes").get_data(as_text=True)
    assert 'href="/admin/schemes/nordplus-junior/edit"' in html
    assert "Not checked yet" in html  # no link checks have run
    retired = client.get("/admin/schemes?status=retired").get_data(as_text=True)
    assert "/admin/schemes/horizon-2020/edit" in retired and "nordplus-junior" not in retired
    found = client.get("/admin/schemes?q=NORDPLUS").get_data(as_text=True)
    assert "nordplus-junior" in found and "erasmus-youth-exchanges" not in found
    by_programme = client.get("/admin/schemes?programme=nordplus").get_data(as_text=True)
    assert "/admin/schemes/nordplus-adult/edit" in by_programme and "/admin/schemes/urbact/edit" not in by_programme
    ordered = client.get("/admin/schemes?sort=programme&dir=desc").get_data(as_text=True)
    assert ordered.index("/admin/schemes/urbact/edit") < ordered.index("/admin/schemes/cerv-town-twinning/edit")
    assert 'aria-sort="descending"' in ordered
    for key in ("name", "status", "verified", "link", "nonsense"):
        assert client.get(f"/admin/schemes?sort={key}").status_code == 200


# --- create and edit -----------------------------------------------------------------------

def new_scheme_form(**changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "0", "deadline_rows": "3", "id": "test-fund", "programme": "ostfold-county", "status": "active",
        "name.nb": "Testfondet", "name.en": "The Test Fund",
        "summary.nb": "Kort tekst.", "summary.en": "Short text.",
        "description.nb": "Lang tekst.", "description.en": "Long text.",
        "applicants": ["school", "municipality"], "aliases": "Testfond\nTF",
        "partners.min_organisations": "2", "partners.countries": "se dk",
        "partners.eu_member_required": "no",
        "funding.currency": "NOK", "funding.min": "10 000", "funding.max": "50000",
        "funding.cofunding_percent": "80",
        "deadlines.0.type": "date", "deadlines.0.date": "2027-02-01", "deadlines.0.time": "12:00",
        "deadlines.0.label.nb": "Frist", "deadlines.0.label.en": "Deadline",
        "deadlines.1.type": "recurring", "deadlines.1.month": "10",
        "deadlines.1.label.nb": "Høst", "deadlines.1.label.en": "Autumn",
        "keywords.nb": "skole\nutveksling", "keywords.sv": "skola",
        "url": "https://example.org/fund", "agency.name": "Testdirektoratet", "agency.url": "https://example.org",
        "last_verified": "2026-11-30", "sources": "https://example.org/fund\nhttps://example.org/rules",
    }
    data.update(changes)
    return data


def test_create_scheme_then_edit_writes_revisions(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    response = client.post("/admin/schemes/new", data=new_scheme_form())
    assert response.status_code == 302 and response.location.endswith("/admin/schemes/test-fund/edit")
    row = scheme(sqlite_seeded_runtime, "test-fund")
    assert row.version == 1
    assert row.data["funding"] == {"currency": "NOK", "min": 10000, "max": 50000, "cofunding_rate": 0.8}
    assert row.data["partners"] == {"min_organisations": 2, "countries": ["SE", "DK"], "eu_member_required": False}
    assert row.data["deadlines"] == [
        {"date": "2027-02-01", "time": "12:00", "label": {"nb": "Frist", "en": "Deadline"}},
        {"recurring": {"month": 10}, "label": {"nb": "Høst", "en": "Autumn"}},
    ]
    assert row.data["keywords"] == {"nb": ["skole", "utveksling"], "sv": ["skola"]}

    page = client.get("/admin/schemes/test-fund/edit").get_data(as_text=True)
    assert 'name="version" value="1"' in page and 'value="80"' in page

    taken = client.post("/admin/schemes/new", data=new_scheme_form())
    assert taken.status_code == 400 and "this id is already used" in taken.get_data(as_text=True)

    data = edit_values(sqlite_seeded_runtime, "test-fund", **{"name.en": "The Renamed Fund", "deadlines.0.remove": "1"})
    assert client.post("/admin/schemes/test-fund/edit", data=data).status_code == 302
    row = scheme(sqlite_seeded_runtime, "test-fund")
    assert row.version == 2 and row.data["name"]["en"] == "The Renamed Fund" and len(row.data["deadlines"]) == 1

    history = client.get("/admin/schemes/test-fund/history").get_data(as_text=True)
    assert EMAIL in history and "The Renamed Fund" in history and "The Test Fund" in history
    assert "version 2" in history and "created" in history


def test_unchanged_edit_saves_nothing(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    data = edit_values(sqlite_seeded_runtime, "nordplus-junior")
    response = client.post("/admin/schemes/nordplus-junior/edit", data=data, follow_redirects=True)
    assert "Nothing changed" in response.get_data(as_text=True)
    assert scheme(sqlite_seeded_runtime, "nordplus-junior").version == 1


def test_validation_errors_are_shown_next_to_fields_and_input_is_kept(client: FlaskClient,
                                                                      sqlite_seeded_runtime: Runtime) -> None:
    data = edit_values(sqlite_seeded_runtime, "nordplus-junior", **{
        "funding.min": "5000", "funding.max": "100", "name.en": "", "summary.nb": "Beholdt tekst",
        "deadlines.1.month": "13", "sources": "https://example.org/ok\nnot a url",
        "funding.cofunding_percent": "abc",
    })
    response = client.post("/admin/schemes/nordplus-junior/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nothing was saved" in html  # the summary at the top

    def error_of(field_id: str) -> str:
        match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
        assert match, f"no error shown for {field_id}"
        assert f'aria-describedby="{field_id}-error"' in html or f'{field_id}-hint {field_id}-error' in html
        return match.group(1)

    assert "must be a number" in error_of("f-funding-cofunding_percent")
    assert 'value="abc"' in html  # the raw entry is kept
    assert "must not be smaller" in error_of("f-funding-max")
    assert "required" in error_of("f-name-en")
    assert "at most 12" in error_of("f-deadlines-1-month")
    assert "line 2" in error_of("f-sources")
    assert "Beholdt tekst" in html and 'value="5000"' in html and "not a url" in html
    assert 'href="#f-funding-max"' in html
    assert scheme(sqlite_seeded_runtime, "nordplus-junior").version == 1


def test_conflicting_edit_shows_both_versions_and_keeps_the_first(client: FlaskClient,
                                                                   sqlite_seeded_runtime: Runtime) -> None:
    conflict_roundtrip(client, sqlite_seeded_runtime)


def conflict_roundtrip(client: FlaskClient, runtime: Runtime) -> None:
    first = edit_values(runtime, "nordplus-junior", url="https://example.org/first-edit")
    second = edit_values(runtime, "nordplus-junior", url="https://example.org/second-edit")
    assert client.post("/admin/schemes/nordplus-junior/edit", data=first).status_code == 302
    response = client.post("/admin/schemes/nordplus-junior/edit", data=second)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this scheme" in html
    assert "https://example.org/first-edit" in html and "https://example.org/second-edit" in html
    assert 'name="version" value="2"' in html  # re-submitting goes against the new version
    assert 'value="https://example.org/second-edit"' in html  # the user's input is kept in the form
    assert 'href="/admin/schemes/nordplus-junior/edit"' in html  # discard
    assert scheme(runtime, "nordplus-junior").data["url"] == "https://example.org/first-edit"

    second["version"] = ["2"]
    assert client.post("/admin/schemes/nordplus-junior/edit", data=second).status_code == 302
    row = scheme(runtime, "nordplus-junior")
    assert row.version == 3 and row.data["url"] == "https://example.org/second-edit"


def test_create_edit_and_conflict_on_each_database(runtime: Runtime) -> None:
    """The same flow on SQLite and PostgreSQL (the ``runtime`` fixture runs on both)."""
    prepare_database(runtime)
    client = build_app(runtime).test_client()
    login(client)
    assert client.post("/admin/schemes/new", data=new_scheme_form()).status_code == 302
    assert scheme(runtime, "test-fund").data["funding"]["cofunding_rate"] == 0.8
    conflict_roundtrip(client, runtime)


def test_retire_and_restore(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    url = "/admin/schemes/nordplus-junior"
    page = client.get(f"{url}/edit").get_data(as_text=True)
    assert f'action="{url}/retire"' in page
    missing = client.post(f"{url}/retire", data={"version": "1", "successor": ""}, follow_redirects=True)
    assert "needs a successor" in missing.get_data(as_text=True)
    assert scheme(sqlite_seeded_runtime, "nordplus-junior").status == "active"

    assert client.post(f"{url}/retire", data={"version": "1", "successor": "nordplus-adult"}).status_code == 302
    row = scheme(sqlite_seeded_runtime, "nordplus-junior")
    assert (row.status, row.successor_id, row.version) == ("retired", "nordplus-adult", 2)

    stale = client.post(f"{url}/restore", data={"version": "1"}, follow_redirects=True)
    assert "Someone else changed this scheme" in stale.get_data(as_text=True)
    assert scheme(sqlite_seeded_runtime, "nordplus-junior").status == "retired"

    page = client.get(f"{url}/edit").get_data(as_text=True)
    assert f'action="{url}/restore"' in page
    assert client.post(f"{url}/restore", data={"version": "2"}).status_code == 302
    row = scheme(sqlite_seeded_runtime, "nordplus-junior")
    assert (row.status, row.successor_id, row.version) == ("active", None, 3)
    history = client.get(f"{url}/history").get_data(as_text=True)
    assert "retired" in history and "restored" in history


def test_unknown_scheme_and_tampered_version(client: FlaskClient) -> None:
    assert client.get("/admin/schemes/no-such-scheme/edit").status_code == 404
    assert client.get("/admin/schemes/no-such-scheme/history").status_code == 404
    assert client.post("/admin/schemes/nordplus-junior/edit", data={"version": "x"}).status_code == 400


def test_script_in_a_scheme_name_is_escaped_everywhere(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    payload = '<script>alert("x")</script>'
    data = edit_values(sqlite_seeded_runtime, "nordplus-junior", **{"name.nb": payload, "name.en": payload})
    assert client.post("/admin/schemes/nordplus-junior/edit", data=data).status_code == 302
    for url in ("/admin/schemes", "/admin/schemes?lang=en", "/admin/schemes/nordplus-junior/edit",
                "/admin/schemes/nordplus-junior/history", "/admin/history"):
        html = client.get(url).get_data(as_text=True)
        assert payload not in html, url
        assert "&lt;script&gt;" in html, url


def test_scheme_list_shows_link_health_when_checked(client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                                                    sqlite_seeded_runtime: Runtime) -> None:
    import datetime as dt
    from types import SimpleNamespace

    from grantmatch.services import linkhealth

    broken_url = scheme(sqlite_seeded_runtime, "urbact").url
    statuses = {broken_url: SimpleNamespace(status="broken", since=dt.datetime(2026, 11, 2, 7, 0))}
    monkeypatch.setattr(linkhealth, "latest_statuses", lambda session: statuses)
    html = client.get("/admin/schemes?sort=link").get_data(as_text=True)
    assert 'class="badge badge-link-broken"' in html and "since 2026-11-02" in html
    first_row = html.index("<tbody>")
    assert html.index("/admin/schemes/urbact/edit", first_row) < html.index("/admin/schemes/nordplus-junior/edit")
