"""iCalendar feeds under /api/v1: they parse, keep their UIDs and carry the Oslo time zone."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from grantmatch.services import catalog as cat
from tests.web.test_api import api_seeded_sqlite, app, client, error_of, make_app  # noqa: F401  (fixtures)

TIMED_ID = "test-timed-deadline"


def add_timed_scheme(app: Flask, status: str = "active") -> dt.date:
    """A scheme (copied from eTwinning) with a 12:00 Oslo deadline 30 days ahead; returns that day."""
    runtime = app.extensions["grantmatch"].runtime
    day = dt.date.today() + dt.timedelta(days=30)
    with runtime.session() as session:
        data = dict(cat.get_entity(session, "scheme", "etwinning").data)
        data.update(id=TIMED_ID, status=status, aliases=[],
                    deadlines=[{"date": day.isoformat(), "time": "12:00",
                                "label": {"nb": "Søknadsfrist", "en": "Application deadline"}}])
        cat.save_entity(session, "scheme", data, "test")
        session.commit()
    return day


def parse(response: object) -> Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]  # type: ignore[attr-defined]
    assert response.mimetype == "text/calendar"  # type: ignore[attr-defined]
    return Calendar.from_ical(response.data)  # type: ignore[attr-defined]


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_feed_parses_and_has_stable_uids(client: FlaskClient) -> None:
    first = events(parse(client.get("/api/v1/deadlines.ics")))
    second = events(parse(client.get("/api/v1/deadlines.ics")))
    assert len(first) > 10
    uids = [str(e["UID"]) for e in first]
    assert uids == [str(e["UID"]) for e in second]
    assert len(set(uids)) == len(uids)


def test_feed_has_only_active_schemes(client: FlaskClient) -> None:
    closed = [s["id"] for s in client.get("/api/v1/schemes?status=closed&per_page=100").get_json()["items"]]
    uids = [str(e["UID"]) for e in events(parse(client.get("/api/v1/deadlines.ics")))]
    assert closed and not any(uid.startswith(f"{scheme_id}-") for uid in uids for scheme_id in closed)


def test_timed_deadline_uses_europe_oslo_with_vtimezone(app: Flask, client: FlaskClient) -> None:
    day = add_timed_scheme(app)
    calendar = parse(client.get(f"/api/v1/deadlines.ics?scheme={TIMED_ID}"))
    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Oslo"]
    (event,) = events(calendar)
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Oslo"
    assert start.dt.date() == day and (start.dt.hour, start.dt.minute) == (12, 0)
    assert str(event["SUMMARY"]).endswith(": Søknadsfrist")


def test_feed_filters_and_language(app: Flask, client: FlaskClient) -> None:
    add_timed_scheme(app)
    en = events(parse(client.get(f"/api/v1/deadlines.ics?scheme={TIMED_ID}&lang=en")))
    assert str(en[0]["SUMMARY"]).endswith(": Application deadline")
    by_header = events(parse(client.get(f"/api/v1/deadlines.ics?scheme={TIMED_ID}",
                                        headers={"Accept-Language": "en"})))
    assert str(by_header[0]["SUMMARY"]).endswith(": Application deadline")
    nordplus = events(parse(client.get("/api/v1/deadlines.ics?programme=nordplus")))
    assert nordplus and all(str(e["UID"]).startswith("nordplus-") for e in nordplus)


def test_feed_rejects_unknown_filters(client: FlaskClient) -> None:
    assert "programme" in error_of(client.get("/api/v1/deadlines.ics?programme=nope"), 400)["message"]
    assert "scheme" in error_of(client.get("/api/v1/deadlines.ics?scheme=nope"), 400)["message"]
    assert "lang" in error_of(client.get("/api/v1/deadlines.ics?lang=de"), 400)["message"]


def test_one_scheme_feed(app: Flask, client: FlaskClient) -> None:
    add_timed_scheme(app, status="closed")
    calendar = parse(client.get(f"/api/v1/schemes/{TIMED_ID}/deadlines.ics"))
    assert len(events(calendar)) == 1  # one scheme's own feed includes it whatever its status
    again = parse(client.get(f"/api/v1/schemes/{TIMED_ID}/deadlines.ics"))
    assert [str(e["UID"]) for e in events(calendar)] == [str(e["UID"]) for e in events(again)]
    assert not events(parse(client.get(f"/api/v1/deadlines.ics?scheme={TIMED_ID}")))  # closed: not in the feed
    error_of(client.get("/api/v1/schemes/no-such-scheme/deadlines.ics"), 404)
