"""Partners wherever a match is shown (CLI --json/--jsonl, API, results and scheme pages), the
partner finder page and the coordinator's partner editor (history, conflict, escaping)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from flask.testing import FlaskClient

from grantmatch.cli import main
from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.web.admin import partnerforms
from tests.web.test_admin import EMAIL, app, client, form_data, seeded_sqlite, sqlite_seeded_runtime  # noqa: F401

IDEA = "Felles prosjekt med Strömstad om sentrumsutvikling og handel i grenseregionen"


def test_cli_match_json_and_jsonl_carry_partners(sqlite_seeded_runtime: Runtime) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["match", "--json", "--top", "5", "--programme", "interreg-sverige-norge", IDEA],
                           obj=sqlite_seeded_runtime, catch_exceptions=False)
    body = json.loads(result.output)
    first = body["results"][0]
    assert first["partners"]["applies"] is True
    reasons = {p["id"]: p["reason"] for p in first["partners"]["qualifying"]}
    assert reasons["stromstad"].startswith("Strömstads kommun ligger i programområdet for Interreg Sverige–Norge")
    assert {"karlskoga", "aalborg"} <= {p["id"] for p in first["partners"]["outside"]}
    lines = runner.invoke(main, ["match", "--jsonl", "--top", "3"], obj=sqlite_seeded_runtime,
                          input=json.dumps({"text": "EØS-midler sammen med en polsk kommune"}) + "\n").output
    results = json.loads(lines.splitlines()[0])["results"]
    assert all(set(r["partners"]) == {"applies", "qualifying", "outside", "missing"} for r in results)


def test_api_match_results_have_partners(client: FlaskClient) -> None:
    body = client.post("/api/v1/match", json={"text": "Prosjekt i EØS-midlene med en kommune i Polen om lokal "
                                                      "demokrati", "top": 10, "include_closed": True}).get_json()
    eea = next(r for r in body["results"] if r["scheme_id"] == "eea-norway-grants")
    assert eea["partners"]["qualifying"] == []
    assert eea["partners"]["missing"] == ["trenger en partner i et mottakerland, f.eks. Polen eller Romania"]


def test_results_and_scheme_pages_show_partners(client: FlaskClient) -> None:
    html = client.get("/search", query_string={"q": IDEA}).get_data(as_text=True)
    assert "Partners in our network" in html and "Strömstads kommun ligger i programområdet" in html
    assert "/partners/find?q=" in html and "Find a partner for this idea" in html
    page = client.get("/schemes/cerv-town-twinning").get_data(as_text=True)
    assert "Aalborg Municipality is in an EU member state (Denmark)" in page
    assert "Twin towns that do not qualify" in page and "Rivne (not in an EU member state)" in page


def test_partner_finder_page(client: FlaskClient) -> None:
    html = client.get("/partners/find", query_string={"q": "Barnehagen vil jobbe med lesing og barnebøker"}
                      ).get_data(as_text=True)
    assert "Karlskoga Municipality" in html and "Earlier project together: Les for meg" in html
    assert "Not fully verified" in html  # Karlskoga's twin-town status is unverified
    assert client.get("/partners/find").status_code == 200
    assert client.get("/partners/find", query_string={"q": "x" * 6000}).status_code == 400


def partner_form(runtime: Runtime, partner_id: str, **changes: str) -> dict[str, list[str]]:
    with runtime.session() as session:
        row = cat.get_entity(session, "partner", partner_id)
        data = form_data(partnerforms.partner_to_form(row.data))
        data["version"] = [str(row.version)]
    for name, value in changes.items():
        data[name] = [value]
    return data


def test_admin_partner_edit_history_conflict_and_escaping(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    listing = client.get("/admin/partners").get_data(as_text=True)
    assert 'href="/admin/partners/rivne/edit"' in listing and 'href="/admin/partners"' in listing  # menu
    evil = '<script>alert("x")</script>'
    data = partner_form(sqlite_seeded_runtime, "rivne", since="2024", **{"areas.nb": f"vennskapsby\n{evil}",
                                                                                 "areas.en": f"twin town\n{evil}"})
    assert client.post("/admin/partners/rivne/edit", data=data).status_code == 302
    with sqlite_seeded_runtime.session() as session:
        row = cat.get_entity(session, "partner", "rivne")
        assert row.version == 2 and row.data["since"] == 2024 and row.data["areas"]["nb"][-1] == evil
        assert row.data["name"] == "Rivne" and row.data["verified"] is True
    history = client.get("/admin/partners/rivne/history").get_data(as_text=True)
    assert EMAIL in history and "2024" in history and evil not in history and "&lt;script&gt;" in history
    finder = client.get("/partners/find", query_string={"q": "vennskapsby alert støtte til Ukraina"}).get_data(as_text=True)
    assert evil not in finder and "&lt;script&gt;" in finder

    stale = client.post("/admin/partners/rivne/edit", data=data | {"version": ["1"], "region": ["Rivne"]})
    assert stale.status_code == 409 and "Someone else changed this partner" in stale.get_data(as_text=True)

    bad = client.post("/admin/partners/new", data={"version": "0", "id": "ny-partner", "name.nb": "Ny",
                                                   "country": "Sverige", "kind": "twin-town",
                                                   "description.nb": "a", "description.en": "b",
                                                   "past_projects": "no-such", "sources": "https://a.example.org"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert 'id="f-country-error">must be an ISO 3166-1' in html
    assert 'id="f-past_projects-error">line 1: refers to unknown past project' in html
    assert 'id="f-note-nb-error">say what could not be verified' in html
    good = {"version": "0", "id": "ny-partner", "name.nb": "Gdynia", "country": "pl", "kind": "twin-town",
            "description.nb": "Polsk by.", "description.en": "Polish town.", "verified": "1",
            "sources": "https://www.gdynia.pl/"}
    assert client.post("/admin/partners/new", data=good).status_code == 302
    eea = client.get("/schemes/eea-norway-grants").get_data(as_text=True)
    assert "Gdynia is in a beneficiary state" in eea
