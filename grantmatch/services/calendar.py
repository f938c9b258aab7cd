"""iCalendar (RFC 5545) feeds of upcoming scheme deadlines, for Outlook and other clients."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Iterable, Mapping
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from grantmatch.matcher.deadlines import next_deadline

TIMEZONE = ZoneInfo("Europe/Oslo")


def upcoming_deadlines(scheme: Mapping[str, Any], today: dt.date) -> list[tuple[int, dt.date, Mapping[str, Any]]]:
    """(index, date, item) for each dated or recurring deadline on or after ``today``."""
    out = []
    for index, item in enumerate(scheme.get("deadlines") or []):
        found = next_deadline([item], today).date
        if found is not None:
            out.append((index, found, item))
    return sorted(out, key=lambda entry: entry[1])


def _uid(scheme_id: str, index: int, day: dt.date) -> str:
    # Stable across feeds and runs, so clients update rather than duplicate an event.
    digest = hashlib.sha1(f"{scheme_id}|{index}|{day.isoformat()}".encode()).hexdigest()[:16]
    return f"{scheme_id}-{digest}@grantmatch"


def scheme_calendar(schemes: Iterable[Mapping[str, Any]], *, lang: str, base_url: str, today: dt.date,
                    name: str | None = None) -> bytes:
    """One VCALENDAR with an event per upcoming deadline of each scheme."""
    cal = Calendar()
    cal.add("prodid", "-//grantmatch//Fredrikstad kommune//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or ("Søknadsfrister" if lang == "nb" else "Application deadlines"))
    cal.add("x-wr-timezone", "Europe/Oslo")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for scheme in schemes:
        scheme_name = (scheme.get("name") or {}).get(lang) or (scheme.get("name") or {}).get("nb", scheme["id"])
        for index, day, item in upcoming_deadlines(scheme, today):
            label = (item.get("label") or {}).get(lang) or ""
            event = Event()
            event.add("uid", _uid(scheme["id"], index, day))
            event.add("dtstamp", stamp)
            event.add("summary", f"{scheme_name}: {label}" if label else scheme_name)
            if item.get("time"):
                hour, minute = (int(x) for x in str(item["time"]).split(":"))
                start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)
                event.add("dtstart", start)
                event.add("dtend", start + dt.timedelta(minutes=30))
            else:
                event.add("dtstart", day)
                event.add("dtend", day + dt.timedelta(days=1))
            if item.get("recurring"):
                note = "Vanlig frist – sjekk årets utlysning." if lang == "nb" else "Usual deadline – check this year's call."
                event.add("description", f"{note}\n{scheme.get('url', '')}")
            else:
                event.add("description", str(scheme.get("url", "")))
            event.add("url", f"{base_url}/schemes/{scheme['id']}")
            cal.add_component(event)
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()  # a TZID needs its VTIMEZONE (RFC 5545 3.6.5)
    return cal.to_ical()
