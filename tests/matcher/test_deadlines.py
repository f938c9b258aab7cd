"""Next deadline computation."""

import datetime as dt

from grantmatch.matcher.deadlines import next_deadline

TODAY = dt.date(2026, 11, 30)


def test_past_dates_are_skipped_and_earliest_future_wins():
    items = [{"date": "2026-10-01"}, {"date": "2027-03-05"}, {"date": "2027-02-01"}]
    assert next_deadline(items, TODAY).date == dt.date(2027, 2, 1)


def test_recurring_rolls_to_next_year_and_month_only_means_last_day():
    assert next_deadline([{"recurring": {"month": 2, "day": 19}}], TODAY).date == dt.date(2027, 2, 19)
    assert next_deadline([{"recurring": {"month": 12, "day": 15}}], TODAY).date == dt.date(2026, 12, 15)
    assert next_deadline([{"recurring": {"month": 2}}], TODAY).date == dt.date(2027, 2, 28)


def test_rolling_and_nothing():
    rolling = next_deadline([{"rolling": True}], TODAY)
    assert rolling.date is None and rolling.rolling
    assert next_deadline([], TODAY).date is None
    assert next_deadline(None, TODAY).rolling is False
