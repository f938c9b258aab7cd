"""Saved searches with alerts: double opt-in, digest on news and deadlines, one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from grantmatch.catalog.jobmodels import OutboxMail, SavedSearch
from grantmatch.config import SmtpConfig
from grantmatch.runtime import open_runtime, prepare_database
from grantmatch.services import alerts, search
from grantmatch.services import catalog as cat
from grantmatch.web import create_app
from tests.conftest import make_config

IDEA = "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima"


@pytest.fixture
def env(sqlite_url: str, tmp_path: Path, smtp_sink):  # type: ignore[no-untyped-def]
    config = make_config(sqlite_url, tmp_path, base_url="http://gm.test",
                         smtp=SmtpConfig(host="127.0.0.1", port=smtp_sink.port, sender="gm@example.org"))
    runtime = open_runtime(config)
    prepare_database(runtime)
    app = create_app(config, runtime=runtime)
    return app, runtime, smtp_sink


def link_in(message, path: str) -> str:  # type: ignore[no-untyped-def]
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"http://gm\.test({re.escape(path)}[^\s]+)", text)
    assert found, text
    return found.group(1)


def test_full_alert_cycle(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, sink = env
    client = app.test_client()
    response = client.post("/alerts", data={"email": "Teacher@Example.org", "q": IDEA})
    assert response.status_code == 200
    rcpts, confirm_mail = sink.messages[-1]
    assert rcpts == ["teacher@example.org"]
    confirm_path = link_in(confirm_mail, "/alerts/confirm/")
    assert "alerts/unsubscribe/" in confirm_mail.get_body(("plain",)).get_content()

    assert client.get(confirm_path).status_code == 200  # shows a button only
    with runtime.session() as session:
        assert session.scalar(select(SavedSearch)).confirmed_at is None
    assert client.post(confirm_path).status_code == 200
    with runtime.session() as session:
        saved = session.scalar(select(SavedSearch))
        assert saved.confirmed_at is not None and saved.known_schemes

    # A new scheme appears that matches the search: one digest, with an unsubscribe link.
    with runtime.session() as session:
        base = cat.get_entity(session, "scheme", "erasmus-school-short-term-mobility").data
        new = dict(base, id="erasmus-school-climate-pilot",
                   name={"nb": "Klimapilot for skoler i Europa", "en": "Climate pilot for schools in Europe"})
        cat.save_entity(session, "scheme", new, "coord")
        session.commit()
        matcher = search.build_matcher(search.matcher_inputs(session))
        queued = alerts.queue_digests(session, matcher, base_url="http://gm.test", secret=app.config["SECRET_KEY"],
                                      today=dt.date(2026, 11, 30))
        assert queued == 1
        again = alerts.queue_digests(session, matcher, base_url="http://gm.test", secret=app.config["SECRET_KEY"],
                                     today=dt.date(2026, 11, 30))
        assert again == 0  # nothing new the next day
        from grantmatch.services import outbox

        outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
    _, digest = sink.messages[-1]
    assert "Klimapilot for skoler i Europa" in digest.get_body(("plain",)).get_content()
    unsubscribe_path = link_in(digest, "/alerts/unsubscribe/")
    assert client.get(unsubscribe_path).status_code == 200
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(SavedSearch)) == 0
    assert client.get(unsubscribe_path).status_code == 404


def test_deadline_notices_at_30_and_7_days_once_each(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, _sink = env
    with runtime.session() as session:
        saved = alerts.subscribe(session, email="a@example.org", query=IDEA, applicant=None, programme=None,
                                 lang="en", base_url="http://gm.test", max_query_chars=5000, secret="s")
        matcher = search.build_matcher(search.matcher_inputs(session))
        saved.confirmed_at = dt.datetime.now(dt.timezone.utc)
        saved.known_schemes = sorted(r.scheme_id for r in matcher.match(IDEA).results if not r.weak)
        session.commit()
        first = next(r for r in matcher.match(IDEA).results if r.next_deadline and not r.weak)
        deadline = dt.date.fromisoformat(first.next_deadline)
        notices: list[set[str]] = []
        for days_before in (31, 30, 29, 7, 6):
            alerts.queue_digests(session, matcher, base_url="http://gm.test", secret="s",
                                 today=deadline - dt.timedelta(days=days_before))
            session.refresh(saved)
            notices.append({k for k in saved.sent_notices if k.startswith(f"{first.scheme_id}|")})
        subjects = [m.subject for m in session.scalars(select(OutboxMail).where(OutboxMail.kind == "alert-digest"))]
    key = f"{first.scheme_id}|{first.next_deadline}|"
    assert notices == [set(), {key + "30"}, {key + "30"}, {key + "30", key + "7"}, {key + "30", key + "7"}]
    assert subjects and all(s.startswith("News about funding") for s in subjects)


@pytest.mark.parametrize(("email", "query"), [("not-an-address", IDEA), ("a@b.org\r\nBcc: x@y.org", IDEA),
                                              ("a@example.org", "   "), ("a@example.org", "x" * 6000)])
def test_bad_signups_are_refused_and_store_nothing(env, email: str, query: str) -> None:  # type: ignore[no-untyped-def]
    app, runtime, sink = env
    response = app.test_client().post("/alerts", data={"email": email, "q": query})
    assert response.status_code == 400
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(SavedSearch)) == 0
    assert sink.messages == []


def test_signup_flood_is_limited(env) -> None:  # type: ignore[no-untyped-def]
    app, _runtime, sink = env
    client = app.test_client()
    codes = [client.post("/alerts", data={"email": "victim@example.org", "q": IDEA}).status_code for _ in range(7)]
    assert codes == [200] * alerts.MAX_PENDING_PER_EMAIL + [400] * (7 - alerts.MAX_PENDING_PER_EMAIL)
    assert len(sink.messages) == alerts.MAX_PENDING_PER_EMAIL


def test_forged_tokens_do_nothing(env) -> None:  # type: ignore[no-untyped-def]
    app, runtime, _sink = env
    client = app.test_client()
    client.post("/alerts", data={"email": "a@example.org", "q": IDEA})
    assert client.get("/alerts/confirm/forged").status_code == 404
    assert client.get("/alerts/unsubscribe/1-0000").status_code == 404
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(SavedSearch)) == 1


def test_confirmed_search_has_a_deadline_calendar(env) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    app, runtime, sink = env
    client = app.test_client()
    client.post("/alerts", data={"email": "teacher@example.org", "q": IDEA})
    confirm_path = link_in(sink.messages[-1][1], "/alerts/confirm/")
    page = client.post(confirm_path).get_data(as_text=True)
    found = re.search(r'href="http://localhost(/api/v1/saved-searches/[^"]+/deadlines\.ics)"', page)
    assert found, page
    response = client.get(found.group(1))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    assert any("Erasmus+" in s for s in summaries)
    forged = found.group(1).replace("/saved-searches/1-", "/saved-searches/1-0")
    assert client.get(forged).status_code == 404
