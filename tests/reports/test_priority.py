"""The priority list as a report: the method and weights (table and SVG chart), the ranked
factories with their stability, why the first ones rank where they do — in Arabic and English,
read back with poppler; its Excel twin; the command, the API and the ranking page's buttons."""

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ihya.cli import app
from ihya.errors import Forbidden, Invalid, NotFound
from ihya.reports.services import report_priority
from tests.reports.conftest import arabic_words, page_image, pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _top():
    """The ranking service's first factory for the first saved scenario and its method."""
    from ihya.priority.selectors import factory_ranking, ranking_choice

    choice = ranking_choice()
    return factory_ranking(weights=choice.weights, method=choice.method).rows[0].factory


def test_the_priority_list_in_arabic(trade_run, io_table, pdf_file):
    report = report_priority(actor=None, lang="ar", fmt="pdf", top=5)
    assert report.filename == "priority-balanced-wsm-ar.pdf"
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "قائمة الأولويات" in text and "الطريقة والأوزان" in text and "لماذا هذا الترتيب" in text
    assert "وزارة الصناعة والمعادن" in text
    assert arabic_words(_top().name_ar) in text  # the top factory, in logical order
    assert "إمكانات التصدير غير المستغلة" in text  # a criterion's name beside the chart
    assert pdf_pages(path) >= 3
    fonts = pdf_fonts(path)
    assert all(embedded for _, embedded in fonts)
    assert any(name.replace("-", "").startswith("NotoNaskhArabic") for name, _ in fonts), fonts
    page_image(path, "priority-ar")


def test_the_priority_list_in_english_with_another_method(trade_run, io_table, pdf_file):
    report = report_priority(actor=None, scenario="jobs first", method="topsis", lang="en")
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "Priority list" in text and "Method and weights" in text and "Why this rank" in text
    assert "TOPSIS" in text and "Contents" in text and "Carried by" in text
    assert any(n.replace("-", "").startswith("NotoSans") for n, _ in pdf_fonts(path))
    page_image(path, "priority-en")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_priority_workbook(trade_run, io_table, lang):
    from ihya.priority.selectors import factory_ranking, ranking_choice

    report = report_priority(actor=None, lang=lang, fmt="xlsx", top=3)
    book = load_workbook(io.BytesIO(report.content))
    assert len(book.worksheets) == 3
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    weights, ranking, why = book.worksheets
    choice = ranking_choice()
    assert weights.max_row - 1 == sum(1 for w in choice.weights.values() if w > 0)
    assert all(isinstance(c.value, float) for c in weights["D"][1:])
    expected = factory_ranking(weights=choice.weights, method=choice.method).rows
    assert ranking.max_row - 1 == len(expected)
    assert ranking["B2"].value == expected[0].factory.external_id  # the top factory
    assert ranking["A2"].value == 1 and isinstance(ranking["D2"].value, float)
    assert isinstance(ranking["E2"].value, float) and ranking["E2"].number_format == "0.0%"
    assert {row[0].value for row in why.iter_rows(min_row=2)} <= {1, 2, 3}


def test_the_command_the_refusals_the_api_and_the_page(trade_run, io_table, tmp_path, api_for):
    from django.contrib.auth.models import User

    out = tmp_path / "p.xlsx"
    result = CliRunner().invoke(
        app,
        ["report", "priority", "--scenario", "exports first", "--method", "promethee",
         "--top", "2", "--lang", "en", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not load_workbook(out).worksheets[0].sheet_view.rightToLeft
    missing = CliRunner().invoke(
        app, ["report", "priority", "--scenario", "nope", "--out", str(tmp_path / "n.pdf")]
    )
    assert missing.exit_code == 1 and not (tmp_path / "n.pdf").exists()
    with pytest.raises(NotFound):
        report_priority(actor=None, scenario="nope")
    with pytest.raises(Invalid):
        report_priority(actor=None, method="electre")
    with pytest.raises(Forbidden):
        report_priority(actor=User.objects.create_user("nobody"))
    client = api_for("viewer")
    r = client.get(f"{API}/reports/priority", {"method": "wsm", "lang": "ar", "format": "xlsx"})
    assert (
        r.status_code == 200
        and 'filename="priority-balanced-wsm-ar.xlsx"' in r["Content-Disposition"]
    )
    assert client.get(f"{API}/reports/priority", {"scenario": "nope"}).status_code == 404
    assert client.get(f"{API}/reports/priority", {"method": "x"}).status_code == 422


def test_the_ranking_page_offers_the_downloads(small_demo, client_for):
    page = client_for("viewer").get("/priority/").content.decode()
    assert "/api/v1/reports/priority?" in page and "format=xlsx" in page
    assert 'action="/reports/jobs/"' in page and 'name="kind" value="priority"' in page
