"""Staff pages through the Flask test client on a seeded SQLite database."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from flask import Flask
from icalendar import Calendar

from grantmatch.runtime import open_runtime, prepare_database
from grantmatch.services import catalog as cat
from grantmatch.web import create_app
from tests.conftest import make_config

IDEA = "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    tmp = tmp_path_factory.mktemp("staff")
    config = make_config(f"sqlite:///{tmp / 'staff.sqlite'}", tmp)
    runtime = open_runtime(config)
    prepare_database(runtime)
    return create_app(config, runtime=runtime)


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


def test_search_page_in_bokmal_by_default(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in html and "Beskriv prosjektideen din" in html
    assert 'name="q"' in html and 'for="q"' in html


def test_accept_language_and_switch(client) -> None:  # type: ignore[no-untyped-def]
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nb">' in client.get("/", headers={"Accept-Language": "nn-NO"}).get_data(as_text=True)
    switched = client.get("/?lang=en")
    assert "lang=en" in switched.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/schemes").get_data(as_text=True)  # remembered


def test_results_show_reasons_deadline_amount_and_precedents(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/search", query_string={"q": IDEA}).get_data(as_text=True)
    first = html.index('class="result')
    assert "Erasmus+" in html[first:first + 3000]
    assert "Hvorfor den kan passe" in html and "Neste frist" in html and "Hvem kan søke" in html
    assert "How Children Learn" in html  # the municipality's own earlier project
    assert "Lenken er ikke sjekket ennå" in html


def test_empty_and_meaningless_queries_get_help_not_a_list(client) -> None:  # type: ignore[no-untyped-def]
    empty = client.get("/search", query_string={"q": "   "}).get_data(as_text=True)
    assert 'class="field-error"' in empty and 'class="result' not in empty
    nonsense = client.get("/search", query_string={"q": "qwxz zzkq"}).get_data(as_text=True)
    assert 'class="no-results"' in nonsense and "Kontakt internasjonal rådgiver" in nonsense


def test_huge_query_is_a_clear_400(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/search", query_string={"q": "skole " * 200_000})
    assert response.status_code == 400
    assert "for lang" in response.get_data(as_text=True)


def test_xss_in_query_is_escaped(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/search", query_string={"q": '<script>alert(1)</script> skole i Italia'}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_filters_restrict_results(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/search", query_string={"q": IDEA, "programme": "nordplus"}).get_data(as_text=True)
    assert "Nordplus" in html and "Erasmus+ samarbeidspartnerskap" not in html


def test_scheme_page_has_everything_a_teacher_needs(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/schemes/nordplus-junior").get_data(as_text=True)
    for text in ("Nordplus Junior", "Hvem kan søke", "Søknadsfrister", "HK-dir", "Lignende ordninger",
                 "/schemes/nordplus-junior/deadlines.ics", "Opplysningene ble sist kontrollert"):
        assert text in html, text


def test_retired_scheme_points_to_successor(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/schemes/horizon-2020").get_data(as_text=True)
    assert "/schemes/horizon-europe" in html


def test_unknown_scheme_is_a_404_in_the_chosen_language(client) -> None:  # type: ignore[no-untyped-def]
    nb = client.get("/schemes/does-not-exist")
    assert nb.status_code == 404 and "Fant ikke siden" in nb.get_data(as_text=True)
    en = client.get("/schemes/does-not-exist?lang=en")
    assert en.status_code == 404 and "Page not found" in en.get_data(as_text=True)


def test_calendar_download_parses(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/schemes/nordplus-junior/deadlines.ics").data
    events = [c for c in Calendar.from_ical(body).walk("VEVENT")]
    assert events and all(str(e["UID"]).startswith("nordplus-junior-") for e in events)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_result_export_opens_in_pandas_with_norwegian_columns(client, fmt: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/search/export.{fmt}", query_string={"q": IDEA})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    if fmt == "csv":
        assert response.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
        head = pd.read_csv(io.BytesIO(response.data), encoding="utf-8-sig", header=None, nrows=2)
        table = pd.read_csv(io.BytesIO(response.data), encoding="utf-8-sig", skiprows=3)
    else:
        head = pd.read_excel(io.BytesIO(response.data), header=None, nrows=2)
        table = pd.read_excel(io.BytesIO(response.data), skiprows=3)
    assert head.iloc[0, 1] == IDEA
    assert list(table.columns[:4]) == ["Rangering", "Ordning", "Program", "Samsvar (0–100)"]
    assert table.iloc[0]["Program"] == "erasmus-plus" and len(table) == 10


def test_catalogue_edit_reaches_search_without_restart(app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    client.get("/search", query_string={"q": "zebrafisk i fjorden"})  # builds the index
    runtime = app.extensions["grantmatch"].runtime
    with runtime.session() as session:
        data = dict(cat.get_entity(session, "scheme", "life-programme").data)
        data["keywords"] = dict(data.get("keywords") or {}, nb=list(data["keywords"]["nb"]) + ["zebrafisk"])
        cat.save_entity(session, "scheme", data, "test")
        session.commit()
    html = client.get("/search", query_string={"q": "zebrafisk i fjorden"}).get_data(as_text=True)
    assert "/schemes/life-programme" in html


def test_healthz(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_strong_matches_and_at_least_five_are_shown_the_rest_fold_away(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/search", query_string={"q": "felles prosjekt med Strömstad om sentrumsutvikling"}).get_data(
        as_text=True)
    shown, _, folded = html.partition('<details class="weak-results">')
    assert shown.count('<li class="result') == 5 and "svakere treff" in folded
    assert folded.count('<li class="result') == 5
    assert 'start="6"' in folded  # numbering continues
