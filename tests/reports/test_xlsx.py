"""The Excel twins: they open with openpyxl, read right to left in Arabic, keep numbers as numbers
(money in an LYD format), with a frozen header row under a filter."""

import io

import pytest
from openpyxl import load_workbook

from ihya.reports.services import report_factory, report_plan

pytestmark = pytest.mark.django_db


def _book(report):
    assert report.content_type.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(report.content))


def _money_cells(book):
    return [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows(min_row=2)
        for cell in row
        if "LYD" in cell.number_format and cell.value is not None
    ]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_factory_profile_workbook(small_demo, lang):
    book = _book(report_factory(actor=None, factory_id="DEMO-0001", lang=lang, fmt="xlsx"))
    assert len(book.worksheets) == 5  # profile, requirements, diagnosis, products, trade
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    requirements = book.worksheets[1]
    assert requirements.max_row >= 2
    cost = requirements.cell(row=2, column=4)
    assert isinstance(cost.value, int | float) and cost.value > 0 and "LYD" in cost.number_format
    assert all(isinstance(c.value, int | float) for c in _money_cells(book))
    profile = {r[0].value: r[1] for r in book.worksheets[0].iter_rows(min_row=2)}
    jobs = profile["الوظائف المفقودة" if lang == "ar" else "jobs lost"]
    assert isinstance(jobs.value, int)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_plan_workbook(planned, lang):
    book = _book(report_plan(actor=None, plan_id=planned.pk, lang=lang, fmt="xlsx"))
    titles = [ws.title for ws in book.worksheets]
    assert len(titles) == 5
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    targets = book.worksheets[1]
    assert targets.max_row == len(planned.targets) + 1
    spending = targets.cell(row=2, column=7)
    assert isinstance(spending.value, int | float) and spending.number_format == '#,##0 "LYD"'
    factories = book.worksheets[2]
    assert factories.max_row - 1 == planned.tasks.filter(kind="restart").count()
    money = _money_cells(book)
    assert money and all(isinstance(c.value, int | float) for c in money)
