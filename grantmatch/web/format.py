"""Presentation helpers for templates: labels, amounts, deadlines. No business rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from flask import Flask
from flask_babel import format_decimal, gettext, lazy_gettext as _l

from grantmatch.matcher.deadlines import next_deadline
from grantmatch.web.i18n import pick

APPLICANT_LABELS = {
    "school": _l("School"),
    "kindergarten": _l("Kindergarten"),
    "municipality": _l("Municipality or municipal unit"),
    "county": _l("County council"),
    "public-body": _l("Other public body"),
    "ngo": _l("Voluntary organisation (NGO)"),
    "youth-group": _l("Youth group"),
    "culture-institution": _l("Culture institution"),
    "university": _l("University or college"),
    "research-institute": _l("Research institute"),
    "company": _l("Company"),
    "individual": _l("Individual"),
}
LINK_LABELS = {
    "ok": _l("Link works"),
    "redirect": _l("Link has moved"),
    "broken": _l("Link is broken"),
    "unreachable": _l("Site could not be reached"),
    "uncertain": _l("Link could not be verified"),
}
LINK_SHORT = {
    "ok": _l("Works"),
    "redirect": _l("Moved"),
    "broken": _l("Broken"),
    "unreachable": _l("Unreachable"),
    "uncertain": _l("Uncertain"),
}
ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("changed"),
    "retire": _l("retired"),
    "restore": _l("restored"),
    "revert": _l("restored an earlier version"),
}
ENTITY_LABELS = {"scheme": _l("Scheme"), "project": _l("Past project"), "glossary": _l("Glossary"),
                 "partner": _l("Partner")}
STATUS_LABELS = {"active": _l("Open for applications"), "closed": _l("No open call"), "retired": _l("Ended")}


def applicant_label(value: str) -> str:
    return str(APPLICANT_LABELS.get(value, value))


def amount(funding: Mapping[str, Any] | None) -> str:
    """'EUR 30 000 – 60 000', 'up to EUR 60 000' or '' when unknown."""
    if not funding:
        return ""
    currency = funding.get("currency", "")
    low, high = funding.get("min"), funding.get("max")

    def fmt(value: Any) -> str:
        return format_decimal(value, format="#,##0")

    if low is not None and high is not None:
        return f"{currency} {fmt(low)} – {fmt(high)}"
    if high is not None:
        return gettext("up to %(amount)s", amount=f"{currency} {fmt(high)}")
    if low is not None:
        return gettext("from %(amount)s", amount=f"{currency} {fmt(low)}")
    return ""


def cofunding(funding: Mapping[str, Any] | None) -> str:
    rate = (funding or {}).get("cofunding_rate")
    if rate is None:
        return ""
    return gettext("covers up to %(percent)s %% of the costs", percent=format_decimal(round(rate * 100)))


def days_until(iso_date: str | None, today: dt.date | None = None) -> str:
    if not iso_date:
        return ""
    days = (dt.date.fromisoformat(iso_date) - (today or dt.date.today())).days
    if days < 0:
        return gettext("passed")
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    return gettext("in %(days)s days", days=days)


def long_date(iso_date: str | None) -> str:
    if not iso_date:
        return ""
    from flask_babel import format_date

    return format_date(dt.date.fromisoformat(iso_date), format="long")


def deadline_of(scheme: Mapping[str, Any], today: dt.date | None = None) -> Any:
    return next_deadline(scheme.get("deadlines") or [], today or dt.date.today())


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        applicant_label=applicant_label, amount=amount, cofunding=cofunding, days_until=days_until,
        long_date=long_date,
    )
    app.jinja_env.globals.update(pick=pick, deadline_of=deadline_of, STATUS_LABELS=STATUS_LABELS,
                                 APPLICANT_LABELS=APPLICANT_LABELS, LINK_LABELS=LINK_LABELS,
                                 LINK_SHORT=LINK_SHORT, ACTION_LABELS=ACTION_LABELS, ENTITY_LABELS=ENTITY_LABELS)
