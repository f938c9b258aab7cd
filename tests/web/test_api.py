"""The public JSON API (/api/v1): matching, schemes, programmes, errors, CORS and the rate limit.

The fixtures here (a seeded SQLite database built once, an app on a copy of it) are imported
by the other test_api_*.py modules.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

from grantmatch.catalog.jobmodels import LinkCheckResult, LinkRun
from grantmatch.runtime import Runtime, open_runtime, prepare_database
from grantmatch.web import create_app
from tests.conftest import make_config

QUERY = "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima"
AppFactory = Callable[..., Flask]


@pytest.fixture(scope="session")
def api_seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the shipped catalogue, built once and copied per test."""
    folder = tmp_path_factory.mktemp("api-seeded")
    rt = open_runtime(make_config(f"sqlite:///{folder / 'seed.sqlite'}", folder))
    prepare_database(rt)
    rt.engine.dispose()
    return folder / "seed.sqlite"


@pytest.fixture
def make_app(api_seeded_sqlite: Path, tmp_path: Path) -> Iterator[AppFactory]:
    """Build an app on a fresh copy of the seeded database, with config changes."""
    runtimes: list[Runtime] = []

    def build(**changes: Any) -> Flask:
        db_file = tmp_path / f"api{len(runtimes)}.sqlite"
        shutil.copy(api_seeded_sqlite, db_file)
        rt = open_runtime(make_config(f"sqlite:///{db_file}", tmp_path, **changes))
        runtimes.append(rt)
        return create_app(rt.config, runtime=rt)

    yield build
    for rt in runtimes:
        rt.engine.dispose()


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def error_of(response: Any, status: int) -> dict[str, str]:
    """Assert a JSON error answer with ``status`` and return its error object."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


def record_link_status(app: Flask, url: str, status: str) -> None:
    runtime = app.extensions["grantmatch"].runtime
    now = dt.datetime.now(dt.timezone.utc)
    with runtime.session() as session:
        run = LinkRun(trigger="cli", started_at=now, finished_at=now, counts={status: 1})
        session.add(run)
        session.flush()
        session.add(LinkCheckResult(run_id=run.id, url=url, status=status, http_status=404, checked_at=now,
                                    status_since=now))
        session.commit()


# --- POST /match ---------------------------------------------------------------------------------

def test_match_ranks_schemes_with_texts_in_the_chosen_language(client: FlaskClient) -> None:
    response = client.post("/api/v1/match", json={"text": QUERY, "top": 3, "lang": "en"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == QUERY and body["lang"] == "en" and body["message"] is None
    assert 1 <= len(body["results"]) <= 3
    first = body["results"][0]
    assert set(first) == {"scheme_id", "programme", "name", "score", "weak", "why", "next_deadline", "url",
                          "link_status", "summary", "partners"}
    assert first["programme"] == "erasmus-plus"
    assert first["why"] and all(isinstance(w, str) for w in first["why"])
    scheme = client.get(f"/api/v1/schemes/{first['scheme_id']}").get_json()
    assert first["name"] == scheme["name"]["en"] and first["summary"] == scheme["summary"]["en"]
    assert first["url"] == scheme["url"]
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_match_language_defaults_to_nb_and_follows_accept_language(client: FlaskClient) -> None:
    nb = client.post("/api/v1/match", json={"text": QUERY, "top": 1}).get_json()
    en = client.post("/api/v1/match", json={"text": QUERY, "top": 1}, headers={"Accept-Language": "en-GB"}).get_json()
    query_en = client.post("/api/v1/match?lang=en", json={"text": QUERY, "top": 1}).get_json()
    scheme = client.get(f"/api/v1/schemes/{nb['results'][0]['scheme_id']}").get_json()
    assert nb["lang"] == "nb" and nb["results"][0]["name"] == scheme["name"]["nb"]
    assert en["lang"] == "en" and en["results"][0]["name"] == scheme["name"]["en"]
    assert query_en["lang"] == "en"


def test_match_filters_applicant_and_programme_and_reports_link_status(app: Flask, client: FlaskClient) -> None:
    body = client.post("/api/v1/match", json={"text": "kulturutveksling med Sverige", "programme": "nordplus",
                                              "applicant": "school", "top": 50}).get_json()
    assert body["results"] and {r["programme"] for r in body["results"]} == {"nordplus"}
    target = body["results"][0]
    record_link_status(app, target["url"], "broken")
    again = client.post("/api/v1/match", json={"text": "kulturutveksling med Sverige", "programme": "nordplus",
                                               "applicant": "school", "top": 50}).get_json()
    assert next(r for r in again["results"] if r["scheme_id"] == target["scheme_id"])["link_status"] == "broken"


def test_match_empty_text_gives_a_message_in_the_chosen_language(client: FlaskClient) -> None:
    body = client.post("/api/v1/match", json={"text": "   ", "lang": "en"}).get_json()
    assert body["results"] == [] and body["message"] == "Please describe the project idea."


def test_match_include_closed(client: FlaskClient) -> None:
    text = "forskningsprosjekt Horizon 2020"
    default = client.post("/api/v1/match", json={"text": text, "top": 50}).get_json()
    closed = client.post("/api/v1/match", json={"text": text, "top": 50, "include_closed": True}).get_json()
    assert "horizon-2020" not in {r["scheme_id"] for r in default["results"]}
    assert "horizon-2020" in {r["scheme_id"] for r in closed["results"]}


@pytest.mark.parametrize(("body", "field"), [
    ({}, "text"),
    ({"text": 5}, "text"),
    ({"text": "x", "top": "3"}, "top"),
    ({"text": "x", "top": True}, "top"),
    ({"text": "x", "top": 0}, "top"),
    ({"text": "x", "top": 51}, "top"),
    ({"text": "x", "top": 2.5}, "top"),
    ({"text": "x", "applicant": "alien"}, "applicant"),
    ({"text": "x", "programme": "no-such-programme"}, "programme"),
    ({"text": "x", "programme": 7}, "programme"),
    ({"text": "x", "lang": "de"}, "lang"),
    ({"text": "x", "include_closed": "yes"}, "include_closed"),
    ({"text": "x", "colour": "blue"}, "colour"),
])
def test_match_rejects_bad_fields_naming_them(client: FlaskClient, body: dict[str, Any], field: str) -> None:
    error = error_of(client.post("/api/v1/match", json=body), 400)
    assert error["code"] == "bad_request" and field in error["message"]


@pytest.mark.parametrize("raw", ["{bad", "[1, 2]", '"text"', "null", '{"text": NaN}', "\xff\xfe".encode("latin-1")])
def test_match_rejects_malformed_or_non_object_json(client: FlaskClient, raw: Any) -> None:
    error_of(client.post("/api/v1/match", data=raw, content_type="application/json"), 400)


def test_match_text_over_the_configured_limit_is_400(make_app: AppFactory) -> None:
    client = make_app(max_query_chars=100).test_client()
    assert client.post("/api/v1/match", json={"text": "a" * 100}).status_code == 200
    error = error_of(client.post("/api/v1/match", json={"text": "a" * 101}), 400)
    assert "100" in error["message"]


def test_match_needs_json_content_type(client: FlaskClient) -> None:
    error = error_of(client.post("/api/v1/match", data='{"text": "x"}', content_type="text/plain"), 415)
    assert error["code"] == "unsupported_content_type"
    error_of(client.post("/api/v1/match", data={"text": "x"}), 415)


def test_match_body_over_one_megabyte_is_413(client: FlaskClient) -> None:
    big = '{"text": "' + "a" * (1024 * 1024) + '"}'
    error = error_of(client.post("/api/v1/match", data=big, content_type="application/json"), 413)
    assert error["code"] == "too_much_data"
    # No Content-Length (chunked): the read itself stops at the limit.
    environ = EnvironBuilder(path="/api/v1/match", method="POST", data=big,
                             content_type="application/json").get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    error_of(client.open(environ), 413)
    small = EnvironBuilder(path="/api/v1/match", method="POST", json={"text": "klima"}).get_environ()
    del small["CONTENT_LENGTH"]
    small["wsgi.input_terminated"] = True
    assert client.open(small).status_code == 200  # the same path reads a small chunked body
    # Over the app-wide 2 MB cap: still JSON.
    error_of(client.post("/api/v1/match", data="a" * (3 * 1024 * 1024), content_type="application/json"), 413)


def test_wrong_method_and_unknown_path_are_json(client: FlaskClient) -> None:
    error = error_of(client.get("/api/v1/match"), 405)
    assert error["code"] == "method_not_allowed"
    assert "POST" in client.get("/api/v1/match").headers["Allow"]
    error_of(client.delete("/api/v1/schemes"), 405)
    assert "GET" in client.put("/api/v1/schemes").headers["Allow"]
    error_of(client.get("/api/v1/no-such-endpoint"), 404)


# --- rate limit ----------------------------------------------------------------------------------

def test_match_rate_limit_per_client_with_retry_after(make_app: AppFactory) -> None:
    app = make_app(api_rate_limit=3)
    client = app.test_client()
    for _ in range(3):
        assert client.post("/api/v1/match", json={"text": "klima"}).status_code == 200
    response = client.post("/api/v1/match", json={"text": "klima"})
    error = error_of(response, 429)
    assert error["code"] == "too_many_requests"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    other = client.post("/api/v1/match", json={"text": "klima"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # another client has its own budget
    assert client.get("/api/v1/schemes").status_code == 200  # only /match is limited


def test_rate_limit_window_slides(make_app: AppFactory) -> None:
    from grantmatch.web.api.ratelimit import EXTENSION_KEY

    app = make_app(api_rate_limit=1)
    now = [1000.0]
    app.extensions[EXTENSION_KEY].clock = lambda: now[0]
    client = app.test_client()
    assert client.post("/api/v1/match", json={"text": "klima"}).status_code == 200
    now[0] += 59.5
    assert client.post("/api/v1/match", json={"text": "klima"}).headers["Retry-After"] == "1"
    now[0] += 1
    assert client.post("/api/v1/match", json={"text": "klima"}).status_code == 200


def test_rate_limit_zero_turns_it_off(make_app: AppFactory) -> None:
    client = make_app(api_rate_limit=0).test_client()
    assert all(client.post("/api/v1/match", json={"text": "x"}).status_code == 200 for _ in range(5))


# --- schemes and programmes ----------------------------------------------------------------------

def test_schemes_pagination_covers_every_scheme_once(client: FlaskClient) -> None:
    first = client.get("/api/v1/schemes?per_page=20").get_json()
    total = first["total"]
    assert total > 40 and first["page"] == 1 and first["per_page"] == 20 and len(first["items"]) == 20
    seen = []
    pages = -(-total // 20)
    for page in range(1, pages + 1):
        seen += [s["id"] for s in client.get(f"/api/v1/schemes?page={page}&per_page=20").get_json()["items"]]
    assert len(seen) == total == len(set(seen))
    error = error_of(client.get(f"/api/v1/schemes?page={pages + 1}"), 400)
    assert "page" in error["message"]
    assert client.get("/api/v1/schemes?per_page=100").get_json()["items"].__len__() == total


def test_scheme_items_are_full_records_with_link_status(app: Flask, client: FlaskClient) -> None:
    item = client.get("/api/v1/schemes?q=etwinning").get_json()["items"][0]
    assert item["id"] == "etwinning" and item["link_status"] is None
    for key in ("name", "summary", "description", "applicants", "funding", "url", "agency", "sources", "version",
                "updated_at"):
        assert key in item
    record_link_status(app, item["url"], "ok")
    assert client.get("/api/v1/schemes?q=etwinning").get_json()["items"][0]["link_status"] == "ok"
    assert client.get("/api/v1/schemes/etwinning").get_json()["link_status"] == "ok"


def test_scheme_filters(client: FlaskClient) -> None:
    def ids(query: str) -> list[dict[str, Any]]:
        return client.get(f"/api/v1/schemes?per_page=100&{query}").get_json()["items"]

    assert {s["programme"] for s in ids("programme=nordplus")} == {"nordplus"}
    assert {s["status"] for s in ids("status=closed")} == {"closed"}
    assert [s["id"] for s in ids("status=retired")] == ["horizon-2020"]
    assert all("kindergarten" in s["applicants"] for s in ids("applicant=kindergarten"))
    q = ids("q=NORDPLUS")
    assert q and all("nordplus" in (s["name"]["nb"] + s["name"]["en"]).lower() for s in q)
    assert ids("q=Interreg&programme=interreg-oks&status=active")[0]["id"] == "interreg-oks"
    empty = client.get("/api/v1/schemes?q=zzzz-nothing").get_json()
    assert empty == {"items": [], "page": 1, "per_page": 20, "total": 0}


@pytest.mark.parametrize(("query", "name"), [
    ("status=open", "status"), ("applicant=alien", "applicant"), ("programme=nope", "programme"),
    ("page=0", "page"), ("page=abc", "page"), ("per_page=0", "per_page"), ("per_page=101", "per_page"),
    ("per_page=2.5", "per_page"),
])
def test_scheme_list_rejects_bad_parameters(client: FlaskClient, query: str, name: str) -> None:
    assert name in error_of(client.get(f"/api/v1/schemes?{query}"), 400)["message"]


def test_unknown_scheme_is_404_json(client: FlaskClient) -> None:
    error = error_of(client.get("/api/v1/schemes/no-such-scheme"), 404)
    assert "no-such-scheme" in error["message"]


def test_programmes_with_counts(client: FlaskClient) -> None:
    items = client.get("/api/v1/programmes").get_json()["items"]
    by_slug = {p["slug"]: p for p in items}
    assert by_slug["erasmus-plus"]["name"] == {"nb": "Erasmus+", "en": "Erasmus+"}
    assert set(by_slug["erasmus-plus"]) == {"slug", "name", "funder", "schemes"}
    total = client.get("/api/v1/schemes").get_json()["total"]
    assert sum(p["schemes"] for p in items) == total
    nordplus = client.get("/api/v1/schemes?programme=nordplus").get_json()["total"]
    assert by_slug["nordplus"]["schemes"] == nordplus


def test_scheme_listing_on_each_database(runtime: Runtime) -> None:
    """The listing and filters behave the same on SQLite and PostgreSQL."""
    prepare_database(runtime)
    client = create_app(runtime.config, runtime=runtime).test_client()
    body = client.get("/api/v1/schemes?status=active&applicant=school&per_page=5&page=2").get_json()
    assert body["page"] == 2 and len(body["items"]) <= 5 and body["total"] > 5
    assert all(s["status"] == "active" and "school" in s["applicants"] for s in body["items"])


# --- CORS ----------------------------------------------------------------------------------------

def test_cors_is_off_by_default(client: FlaskClient) -> None:
    response = client.get("/api/v1/programmes", headers={"Origin": "https://intranett.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = client.options("/api/v1/match", headers={"Origin": "https://intranett.example",
                                                          "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_allows_only_configured_origins(make_app: AppFactory) -> None:
    client = make_app(cors_origins=("https://intranett.example",)).test_client()
    ok = client.get("/api/v1/programmes", headers={"Origin": "https://intranett.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://intranett.example"
    assert "Origin" in ok.headers["Vary"]
    other = client.get("/api/v1/programmes", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/match", headers={
        "Origin": "https://intranett.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://intranett.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    # Errors carry the header too, so a browser can read them.
    error = client.post("/api/v1/match", json={"bad": 1}, headers={"Origin": "https://intranett.example"})
    assert error.status_code == 400 and error.headers["Access-Control-Allow-Origin"] == "https://intranett.example"
    # Other pages never get CORS headers.
    assert "Access-Control-Allow-Origin" not in client.get("/healthz", headers={"Origin": "https://intranett.example"}).headers


def test_cors_origins_from_environment() -> None:
    from grantmatch.config import Config

    config = Config.from_env({"GRANTMATCH_CORS_ORIGINS": "https://a.example/, https://b.example",
                              "GRANTMATCH_API_RATE_LIMIT": "7"})
    assert config.cors_origins == ("https://a.example", "https://b.example") and config.api_rate_limit == 7
    assert Config.from_env({}).cors_origins == () and Config.from_env({}).api_rate_limit == 60
