"""The KPI rules (core.kpi, no database): quarters, traffic lights at their bounds, trends and
totals, against values worked out by hand."""

import datetime as dt
from decimal import Decimal as D

import pytest

from ihya.core.ingest.normalize import ParseError
from ihya.core.kpi import (
    ActualRow,
    Period,
    indicator_code,
    light,
    parse_period,
    plan_period,
    plan_targets,
    scorecard,
    totals,
)


def test_quarters_are_read_in_any_usual_spelling():
    q1 = Period(2027, 1)
    for text in ("2027-Q1", "2027Q1", "2027 q1", "Q1 2027", "q1-2027", "٢٠٢٧-Q١", " 2027-q1 "):
        assert parse_period(text) == q1, text
    for bad in ("2027-Q5", "2027", "Q1", "27-Q1", "1999-Q4", "", None, "2027-01"):
        with pytest.raises(ParseError):
            parse_period(bad)
    assert str(q1) == "2027-Q1" and Period(2027, 1).previous == Period(2026, 4)
    assert Period(2027, 4).ends == dt.date(2027, 12, 31)
    assert Period(2027, 1).ends == dt.date(2027, 3, 31)


def test_a_plan_quarter_is_the_calendar_quarter_it_begins_in():
    start = dt.date(2027, 1, 3)
    assert [plan_period(start, q) for q in (1, 2, 4, 5)] == [
        Period(2027, 1),
        Period(2027, 2),
        Period(2027, 4),
        Period(2028, 1),
    ]
    assert plan_period(dt.date(2027, 11, 20), 1) == Period(2027, 4)
    assert plan_period(dt.date(2027, 11, 20), 2) == Period(2028, 1)
    targets = plan_targets(
        start,
        [
            {"quarter": 1, "factories_restarted": 0, "jobs": 0, "spending": 100.5},
            {"quarter": 2, "factories_restarted": 3, "jobs": 120, "spending": 50},
        ],
    )
    assert targets["factories_restarted"] == {Period(2027, 1): 0.0, Period(2027, 2): 3.0}
    assert targets["spending"][Period(2027, 1)] == 100.5
    assert targets["exports"] == {}


def test_indicators_by_code_or_alias():
    assert indicator_code("jobs_restored") == "jobs"
    assert indicator_code(" Factories-Restarted ") == "factories_restarted"
    assert indicator_code("value added") == "value_added"
    with pytest.raises(ParseError) as error:
        indicator_code("happiness")
    assert error.value.code == "unknown_indicator"


@pytest.mark.parametrize(
    ("indicator", "target", "actual", "expected"),
    [
        ("jobs", 200, 200, "green"),
        ("jobs", 200, 260, "green"),  # ahead of plan
        ("jobs", 200, 190, "green"),  # 95 % exactly
        ("jobs", 200, 189, "amber"),  # 94.5 %
        ("jobs", 200, 160, "amber"),  # 80 % exactly
        ("jobs", 200, 159, "red"),  # 79.5 %
        ("factories_restarted", 3, 2, "red"),  # 66.7 %
        ("spending", 1000, 1000, "green"),
        ("spending", 1000, 1100, "green"),  # 110 % exactly
        ("spending", 1000, D("1100.01"), "amber"),
        ("spending", 1000, 1250, "amber"),  # 125 % exactly
        ("spending", 1000, D("1250.5"), "red"),
        ("spending", 1000, 900, "amber"),  # under-spending: late work
        ("spending", 1000, 700, "red"),
        ("exports", 0, 0, "green"),  # nothing due
        ("exports", 0, 5, "green"),
        ("spending", 0, 0, "green"),
        ("spending", 0, 5, "red"),  # money the plan gives no quarter
        ("jobs", None, 5, "grey"),
        ("jobs", 200, None, "grey"),
    ],
)
def test_traffic_lights(indicator, target, actual, expected):
    assert light(indicator, target, actual) == expected


def test_the_scorecard_gives_ratio_light_and_trend_per_quarter():
    q1, q2, q3 = Period(2027, 1), Period(2027, 2), Period(2027, 3)
    card = scorecard(
        {"jobs": {q1: 100.0, q2: 250.0, q3: 400.0}, "spending": {q1: 1000.0}},
        {"jobs": {q1: D(90), q2: D(200)}, "spending": {q1: D(1200), q2: D(300)}},
    )
    jobs = card["jobs"]
    assert [c.period for c in jobs] == [q1, q2, q3]
    assert [c.ratio for c in jobs] == [0.9, 0.8, None]
    assert [c.light for c in jobs] == ["amber", "amber", "grey"]
    assert [c.change for c in jobs] == [None, D(110), None]
    assert [c.trend for c in jobs] == [None, "up", None]
    spending = card["spending"]
    assert [(c.ratio, c.light) for c in spending] == [(1.2, "amber"), (None, "grey")]
    assert spending[1].change == D(-900) and spending[1].trend == "down"
    assert card["exports"] == []


def test_totals_prefer_the_whole_then_municipalities_then_bodies():
    q1, q2, q3 = Period(2027, 1), Period(2027, 2), Period(2027, 3)
    rows = [
        ActualRow(q1, "jobs", D(50)),
        ActualRow(q1, "jobs", D(30), municipality="misrata"),  # a detail of the 50
        ActualRow(q2, "jobs", D(30), municipality="misrata"),
        ActualRow(q2, "jobs", D(45), municipality="tripoli"),
        ActualRow(q2, "jobs", D(99), body="ministry-industry"),
        ActualRow(q3, "jobs", D(12), body="ministry-industry"),
        ActualRow(q3, "jobs", D(8), body="gecol"),
        ActualRow(q3, "jobs", D(7), body="gecol", municipality="misrata"),
    ]
    assert totals(rows)["jobs"] == {q1: D(50), q2: D(75), q3: D(20)}
