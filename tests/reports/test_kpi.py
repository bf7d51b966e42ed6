"""The quarterly KPI report over the demo's approved plan (it starts on 2027-01-03): targets
against actuals with the light as a word and a colour, the trend, a chart per indicator drawn as
SVG (shapes and digits only), the breakdowns by body and by municipality — as PDF in both
languages (the Arabic read back in logical order, the shipped font embedded, page 1 kept as an
image) and as Excel (right to left in Arabic, numbers as numbers); through the command line, the
API and the KPI page."""

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ihya.errors import Forbidden, Invalid
from ihya.reports.services import report_kpi
from tests.kpi.conftest import planned  # noqa: F401  (the fixtures, reused)
from tests.reports.conftest import page_image, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def actuals(planned, actors):  # noqa: F811
    from ihya.kpi.services import kpi_record

    q1, q2 = planned.targets[0], planned.targets[1]
    for period, row, share in (("2027-Q1", q1, 1), ("2027-Q2", q2, 0.5)):
        kpi_record(
            actor=actors["secretary"], period=period, indicator="jobs",
            value=int(row["jobs"] * share),
        )  # fmt: skip
        kpi_record(
            actor=actors["secretary"], period=period, indicator="spending",
            value=round(row["spending"], 2),
        )  # fmt: skip
    for municipality, value in (("misrata", 3), ("tripoli-centre", 2)):
        kpi_record(
            actor=actors["secretary"], period="2027-Q2", indicator="factories_restarted",
            value=value, municipality=municipality,
        )  # fmt: skip
    kpi_record(
        actor=actors["secretary"], period="2027-Q2", indicator="spending", value="1500.5",
        body="ministry-industry",
    )  # fmt: skip
    return planned


def _pdf(tmp_path, report):
    assert report.content.startswith(b"%PDF-")
    path = tmp_path / report.filename
    path.write_bytes(report.content)
    return path


def test_the_kpi_report_in_arabic(actuals, tmp_path):
    report = report_kpi(actor=None, quarter="2027-Q2", lang="ar", fmt="pdf")
    assert report.filename == "kpi-2027-Q2-ar.pdf"
    path = _pdf(tmp_path, report)
    text = pdf_text(path)
    assert "تقرير مؤشرات الأداء الفصلي" in text
    assert "الوظائف المستعادة" in text  # an indicator's name, joined and in logical order
    assert "على المسار" in text and "حسب البلدية" in text and "حسب الجهة" in text
    assert "وزارة الصناعة والمعادن" in text
    fonts = pdf_fonts(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any(name.replace("-", "").startswith("NotoNaskhArabic") for name, _ in fonts), fonts
    page_image(path, "kpi-ar")
    page_image(path, "kpi-ar-charts", page=2)


def test_the_kpi_report_in_english_defaults_to_the_last_quarter_with_an_actual(actuals, tmp_path):
    report = report_kpi(actor=None, lang="en", fmt="pdf")
    assert report.filename == "kpi-2027-Q2-en.pdf"
    path = _pdf(tmp_path, report)
    text = pdf_text(path)
    assert "Quarterly KPI report" in text and "Jobs restored" in text and "Off track" in text
    assert "By municipality" in text and "By body" in text
    assert any(name.replace("-", "").startswith("NotoSans") for name, _ in pdf_fonts(path))
    page_image(path, "kpi-en")


def test_the_chart_holds_shapes_and_digits_only_and_runs_right_to_left_in_arabic(actuals):
    from ihya.kpi.selectors import kpi_dashboard
    from ihya.reports.kpi import kpi_chart

    cells = kpi_dashboard().cells["jobs"][:2]
    arabic, english = kpi_chart(cells, rtl=True), kpi_chart(cells, rtl=False)
    for chart in (arabic, english):
        texts = [t.split(">", 1)[1] for t in chart.split("<text")[1:]]
        assert all(not any(ch.isalpha() for ch in t.split("<")[0]) for t in texts), texts
        assert "<rect" in chart and "<polyline" in chart
    first = '">1/2027</text>'
    x_ar = float(arabic.split(first)[0].rsplit('x="', 1)[1].split('"')[0])
    x_en = float(english.split(first)[0].rsplit('x="', 1)[1].split('"')[0])
    assert x_ar > x_en  # the first quarter on the right in Arabic


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_kpi_workbook(actuals, lang):
    book = load_workbook(
        io.BytesIO(report_kpi(actor=None, quarter="2027-Q2", lang=lang, fmt="xlsx").content)
    )
    assert len(book.worksheets) == 4
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    scorecard = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(scorecard) == 5
    jobs = scorecard[1]
    target = actuals.targets[1]["jobs"]
    assert isinstance(jobs[2], int | float) and jobs[2] == target
    assert isinstance(jobs[3], int) and jobs[3] == int(target * 0.5)
    assert isinstance(jobs[4], float)
    spending = book.worksheets[0].cell(row=6, column=4)
    assert isinstance(spending.value, int | float) and spending.number_format == '#,##0 "LYD"'
    by_body = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert by_body == [
        ("2027-Q2", "ministry-industry", by_body[0][2], None, None, None, None, 1500.5)
    ]
    places = book.worksheets[3]
    assert [r[3] for r in places.iter_rows(min_row=2, values_only=True)] == [3, 2]


def test_the_kpi_report_through_each_interface(actuals, api_for, client_for, tmp_path):
    from django.contrib.auth.models import User

    from ihya.cli import app

    out = tmp_path / "k.pdf"
    result = CliRunner().invoke(
        app, ["report", "kpi", "--quarter", "2027-Q1", "--lang", "en", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    bad = CliRunner().invoke(app, ["report", "kpi", "--quarter", "Q9", "--out", str(out)])
    assert bad.exit_code == 1

    client = api_for("viewer")
    xlsx = client.get("/api/v1/reports/kpi", {"format": "xlsx", "quarter": "2027-Q2", "lang": "en"})
    assert xlsx.status_code == 200
    assert 'filename="kpi-2027-Q2-en.xlsx"' in xlsx["Content-Disposition"]
    assert not load_workbook(io.BytesIO(xlsx.content)).worksheets[0].sheet_view.rightToLeft
    assert client.get("/api/v1/reports/kpi", {"quarter": "soon"}).status_code == 422
    with pytest.raises(Invalid):
        report_kpi(actor=None, quarter="2027-Q7")
    with pytest.raises(Forbidden):
        report_kpi(actor=User.objects.create_user("nobody"))

    page = client_for("viewer").get("/kpis/").content.decode()
    assert "/api/v1/reports/kpi?format=pdf" in page and "/api/v1/reports/kpi?format=xlsx" in page
