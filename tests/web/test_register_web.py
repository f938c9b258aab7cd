"""Ideas from the results page to the coordinator (real SMTP), the status page, the ideas
inbox, stage changes in the admin, the public register page and the yearly overview."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from grantmatch.catalog.jobmodels import OutboxMail
from grantmatch.catalog.registermodels import Idea
from grantmatch.config import SmtpConfig
from grantmatch.runtime import open_runtime, prepare_database
from grantmatch.services import catalog as cat
from grantmatch.services import users
from grantmatch.web import create_app
from tests.conftest import make_config
from tests.web.test_admin import EMAIL, PASSWORD, EnglishClient

IDEA = "Kulturskolen vil lage en danseforestilling med ungdom i Maputo i Mosambik"
COORDINATOR = "koordinator@fredrikstad.kommune.no"


@pytest.fixture
def env(sqlite_url: str, tmp_path: Path, smtp_sink):  # type: ignore[no-untyped-def]
    config = make_config(sqlite_url, tmp_path, base_url="http://gm.test", coordinator_email=(COORDINATOR,),
                         smtp=SmtpConfig(host="127.0.0.1", port=smtp_sink.port, sender="gm@example.org"))
    runtime = open_runtime(config)
    prepare_database(runtime)
    with runtime.session() as session:
        users.create_user(session, EMAIL, PASSWORD)
    app = create_app(config, runtime=runtime)
    app.test_client_class = EnglishClient
    yield app, runtime, smtp_sink
    runtime.engine.dispose()


def good_form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {"name": "Kari Nordmann", "unit": "Kulturskolen", "email": "Kari@Example.org",
                               "text": IDEA, "schemes": ["spor-vennskap-nord-sor", "norec-youth"],
                               "offered": ["spor-vennskap-nord-sor", "norec-youth"], "partners": "Xindiro, Maputo"}
    form.update(changes)
    return form


def count(runtime, model) -> int:  # type: ignore[no-untyped-def]
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def logged_in(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    return client


def test_results_page_offers_the_idea_form(env) -> None:  # type: ignore[no-untyped-def]
    app, _runtime, _sink = env
    html = app.test_client().get("/search", query_string={"q": IDEA}).get_data(as_text=True)
    assert html.count('id="send-idea-heading"') == 1 and "Send to the international coordinator" in html
    assert re.search(r'<input type="checkbox" id="idea-scheme-1" name="schemes" value="[a-z0-9-]+"', html)
    assert f">{IDEA}</textarea>" in html  # the idea text starts as the search text


def test_idea_is_mailed_to_the_coordinator_and_followed_by_the_sender(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, sink = env
    client = app.test_client()
    response = client.post("/ideas", data=good_form())
    assert response.status_code == 200 and "Your idea has been sent" in response.get_data(as_text=True)
    assert len(sink.messages) == 2
    (to_coordinator, coordinator_mail), (to_sender, sender_mail) = sink.messages
    assert to_coordinator == [COORDINATOR] and to_sender == ["kari@example.org"]
    text = coordinator_mail.get_body(("plain",)).get_content()
    assert "Kari Nordmann (Kulturskolen), kari@example.org" in text and IDEA in text
    assert "http://gm.test/schemes/spor-vennskap-nord-sor" in text and "Xindiro, Maputo" in text
    assert coordinator_mail["Subject"].startswith("Ny prosjektidé: Kulturskolen vil")
    follow = re.search(r"http://gm\.test(/ideas/[A-Za-z0-9_-]+)", sender_mail.get_body(("plain",)).get_content())
    assert follow
    with runtime.session() as session:
        idea = session.scalar(select(Idea))
        token = follow.group(1).rsplit("/", 1)[1]
        assert idea.token_hash != token and token not in idea.token_hash  # only the hash is stored
    page = client.get(follow.group(1))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Received. The international coordinator has not handled it yet." in html and IDEA in html
    assert client.get("/ideas/" + "A" * 43).status_code == 404  # a forged token
    assert client.get("/ideas/" + token[:-1] + ("B" if token[-1] != "B" else "C")).status_code == 404

    # The coordinator registers the idea; the sender sees the stage.
    admin = logged_in(app)
    inbox = admin.get("/admin/ideas").get_data(as_text=True)
    assert f'href="/admin/ideas/{idea.id}"' in inbox and "Kari Nordmann" in inbox
    assert "Kulturskolen vil lage" in admin.get(f"/admin/ideas/{idea.id}").get_data(as_text=True)
    bad = admin.post(f"/admin/ideas/{idea.id}/register", data={"id": "Dans i Maputo!", "name": "", "stage": "granted"})
    assert bad.status_code == 400 and count(runtime, cat.PastProject) == 36
    done = admin.post(f"/admin/ideas/{idea.id}/register",
                      data={"id": "dans-i-maputo", "name": "Dans i Maputo", "stage": "planning", "description": IDEA})
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/projects/dans-i-maputo/edit")
    assert "Planning" in client.get(follow.group(1)).get_data(as_text=True)
    public = client.get("/projects").get_data(as_text=True)
    assert "Dans i Maputo" in public and "kari@example.org" not in public.lower() and "Kari Nordmann" not in public


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": ""}, "name"),
    ({"name": "Kari\r\nBcc: victim@example.org"}, "name"),
    ({"unit": "Skole\nX-Injected: yes"}, "unit"),
    ({"email": "kari@example.org\r\nBcc: victim@example.org"}, "email"),
    ({"email": "not-an-address"}, "email"),
    ({"text": ""}, "text"),
    ({"text": "x" * 50_000}, "text"),
    ({"schemes": ["no-such-scheme"]}, "schemes"),
    ({"partners": "a\n" * 3000}, "partners"),
])
def test_bad_ideas_are_refused_cleanly(env, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    app, runtime, sink = env
    response = app.test_client().post("/ideas", data=good_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="idea-{field}-error"' in html and "The idea was not sent" in html
    assert "victim@example.org</" not in html or field == "email"
    assert count(runtime, Idea) == 0 and count(runtime, OutboxMail) == 0 and sink.messages == []


def test_stage_changes_in_the_admin_keep_the_life_cycle(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, _sink = env
    admin = logged_in(app)
    page = admin.get("/admin/projects/breaking-barricades/edit").get_data(as_text=True)
    assert "Stage: Finished" in page and 'name="to_stage" value="evaluated"' in page
    assert 'name="to_stage" value="running"' not in page
    illegal = admin.post("/admin/projects/breaking-barricades/stage", data={"version": "1", "to_stage": "granted"})
    assert illegal.status_code == 400 and "This stage change is not allowed" in illegal.get_data(as_text=True)
    missing = admin.post("/admin/projects/breaking-barricades/stage", data={"version": "1", "to_stage": "evaluated"})
    assert missing.status_code == 400 and "Results: is required" in missing.get_data(as_text=True)
    ok = admin.post("/admin/projects/breaking-barricades/stage", data={
        "version": "1", "to_stage": "evaluated", "goal_attainment": "achieved", "results": "En forestilling i Maputo",
        "economy": "Innenfor rammen"})
    assert ok.status_code == 302
    # An ordinary edit (confirming plan tags) keeps the stage and the evaluation.
    from tests.web.test_admin import form_data
    from grantmatch.web.admin import forms, register_forms

    with runtime.session() as session:
        row = cat.get_entity(session, "project", "breaking-barricades")
        values = register_forms.register_to_form(row.data, forms.project_to_form(row.data))
        data = form_data(values) | {"version": [str(row.version)], "plan_tags.confirmed": ["friendship-culture"]}
    edit = admin.get("/admin/projects/breaking-barricades/edit").get_data(as_text=True)
    assert re.search(r'Vennskap, kontakt og kulturelle bånd|Friendship, contact and cultural ties', edit)
    assert "suggested</span>" in edit
    assert admin.post("/admin/projects/breaking-barricades/edit", data=data).status_code == 302
    with runtime.session() as session:
        record = cat.get_entity(session, "project", "breaking-barricades").data
    assert record["stage"] == "evaluated" and record["evaluation"]["goal_attainment"] == "achieved"
    assert record["plan_tags"]["confirmed"] == ["friendship-culture"]
    assert "friendship-culture" in record["plan_tags"]["suggested"]


def test_public_page_filters_and_hides_personal_data(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, _sink = env
    with runtime.session() as session:
        cat.save_entity(session, "project", {
            "id": "lesing-i-karlskoga", "name": "Lesing i Karlskoga", "stage": "running", "description": "Lesing",
            "years": {"start": 2026}, "scheme": "nordplus-junior", "programme": "nordplus", "themes": ["language"],
            "partners": [{"name": "Karlskoga kommun", "country": "SE"}],
            "contact": {"name": "Per Hemmelig", "email": "per.hemmelig@example.org"}}, "coord")
        cat.save_entity(session, "project", {"id": "hemmelig-ide", "name": "Hemmelig idé", "stage": "idea",
                                             "description": "Ikke offentlig"}, "coord")
        session.commit()
    client = app.test_client()
    html = client.get("/projects", query_string={"lang": "en"}).get_data(as_text=True)
    assert "Ongoing projects" in html and "Finished projects" in html
    assert "Lesing i Karlskoga" in html and "Breaking Barricades" in html
    assert "Hemmelig idé" not in html and "per.hemmelig" not in html and "Per Hemmelig" not in html
    assert 'href="/schemes/nordplus-junior"' in html  # each project links its scheme
    only_se = client.get("/projects", query_string={"country": "SE", "lang": "en"}).get_data(as_text=True)
    assert "Lesing i Karlskoga" in only_se and "Breaking Barricades" not in only_se
    by_stage = client.get("/projects", query_string={"stage": "running"}).get_data(as_text=True)
    assert "Lesing i Karlskoga" in by_stage and "Urban Stedsinnovasjon" not in by_stage
    by_programme = client.get("/projects", query_string={"programme": "vennskap-nord-sor"}).get_data(as_text=True)
    assert "Breaking Barricades" in by_programme and "Lesing i Karlskoga" not in by_programme
    by_theme = client.get("/projects", query_string={"theme": "language"}).get_data(as_text=True)
    assert "Lesing i Karlskoga" in by_theme and "Breaking Barricades" not in by_theme
    nb = client.get("/projects", query_string={"lang": "nb"}).get_data(as_text=True)
    assert '<html lang="nb">' in nb and "<script" not in nb


def test_overview_page_and_exports(env) -> None:  # type: ignore[no-untyped-def]
    app, _runtime, _sink = env
    client = app.test_client()
    html = client.get("/projects/overview", query_string={"year": "2012", "lang": "en"}).get_data(as_text=True)
    assert "International projects 2012: overview" in html
    assert html.count("<svg") >= 2 and "<table" in html and "<script" not in html
    assert 'role="img"' in html and "Projects per goal and main direction" in html
    csv = client.get("/projects/overview.csv", query_string={"year": "2012"})
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    assert "internasjonale-prosjekter-2012.csv" in csv.headers["Content-Disposition"]
    frame = pd.read_csv(io.BytesIO(csv.data), encoding="utf-8-sig")
    assert "Tabell" in frame.columns and "Prosjekter" in frame.columns
    area_rows = frame[frame["Tabell"] == "Prosjekter per område"]
    assert area_rows["Prosjekter"].sum() >= 1
    book = pd.read_excel(io.BytesIO(client.get("/projects/overview.xlsx", query_string={"year": "2012"}).data),
                         sheet_name=None)
    assert "Grensestrategisk krisehåndtering" in book["Prosjekter"]["Prosjekt"].tolist()
    assert client.get("/projects/overview.pdf").status_code == 404
