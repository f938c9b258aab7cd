"""Next deadline of a scheme relative to a given day."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NextDeadline:
    """The next dated deadline on or after today (or None) and whether any is rolling."""

    date: dt.date | None
    rolling: bool


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _recurring(spec: Mapping[str, Any], today: dt.date) -> dt.date | None:
    """Next occurrence of {month, day?}; without a day, the month's last day."""
    try:
        month = int(spec["month"])
        for year in (today.year, today.year + 1):
            last = calendar.monthrange(year, month)[1]
            day = min(int(spec.get("day") or last), last)
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
    except (KeyError, TypeError, ValueError):
        return None
    return None


def next_deadline(deadlines: Sequence[Mapping[str, Any]] | None, today: dt.date) -> NextDeadline:
    """Earliest deadline on or after ``today`` among dated and recurring items.

    Past dated deadlines are ignored; ``rolling`` is True when any item is rolling.
    """
    dates: list[dt.date] = []
    rolling = False
    for item in deadlines or ():
        if item.get("rolling"):
            rolling = True
        elif item.get("date") is not None:
            day = _as_date(item["date"])
            if day is not None and day >= today:
                dates.append(day)
        elif isinstance(item.get("recurring"), Mapping):
            day = _recurring(item["recurring"], today)
            if day is not None:
                dates.append(day)
    return NextDeadline(min(dates) if dates else None, rolling)
