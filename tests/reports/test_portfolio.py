"""The portfolio scenario as a report: the one-page summary (funded, cost per year against the
budget, jobs, exports, value added, the solver's status, the greedy baseline), the funded
factories and requirements, the factories left out by reason, the comparison of two scenarios —
in Arabic and English, read back with poppler; its Excel twin; the command, the API and the
buttons on the scenario's page and the comparison page."""

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ihya.cli import app
from ihya.errors import Forbidden, NotFound
from ihya.reports.services import report_portfolio
from tests.reports.conftest import arabic_words, page_image, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def other(solved):
    """A second scenario of the same registry, with a third of the budget, solved."""
    from ihya.portfolio.services import portfolio_scenario_save, portfolio_scenario_solve

    budgets = [float(b) / 3 for b in solved.budgets]
    scenario = portfolio_scenario_save(actor=None, name="Lean", budgets=budgets)
    return portfolio_scenario_solve(actor=None, scenario_id=scenario.pk, wait=True)


def test_the_portfolio_report_in_arabic(solved, pdf_file):
    from ihya.registry.models import Factory

    outcome = solved.outcome
    report = report_portfolio(actor=None, scenario_id=solved.pk, lang="ar", fmt="pdf")
    assert report.filename == f"portfolio-{solved.pk}-ar.pdf"
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "سيناريو المحفظة" in text and "المصانع الممولة" in text
    assert "المصانع المستبعدة حسب السبب" in text and "الحل الجشع المرجعي" in text
    first = Factory.objects.get(external_id=outcome.selected[0].factory_id)
    assert arabic_words(first.name_ar) in text  # a funded factory, in logical order
    assert "وزارة الصناعة والمعادن" in text
    fonts = pdf_fonts(path)
    assert all(embedded for _, embedded in fonts)
    assert any(name.replace("-", "").startswith("NotoNaskhArabic") for name, _ in fonts), fonts
    page_image(path, "portfolio-ar")


def test_the_comparison_in_english(solved, other, pdf_file):
    report = report_portfolio(
        actor=None, scenario_id=solved.pk, compare=other.pk, lang="en", fmt="pdf"
    )
    assert report.filename == f"portfolio-{solved.pk}-vs-{other.pk}-en.pdf"
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "Portfolio scenario" in text and "Cost per year against the budget" in text
    assert "Comparison of the two scenarios" in text and "Lean" in text
    assert "Funded requirements" in text and "Greedy baseline" in text
    assert any(n.replace("-", "").startswith("NotoSans") for n, _ in pdf_fonts(path))
    page_image(path, "portfolio-en")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_portfolio_workbook(solved, other, lang):
    outcome = solved.outcome
    report = report_portfolio(
        actor=None, scenario_id=solved.pk, compare=other.pk, lang=lang, fmt="xlsx"
    )
    book = load_workbook(io.BytesIO(report.content))
    assert len(book.worksheets) == 7
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    summary, spend, funded, requirements = book.worksheets[:4]
    values = [row[1] for row in summary.iter_rows(min_row=2)]
    assert values[3].value == len(outcome.selected)  # factories funded
    cost = values[7]
    assert cost.value == pytest.approx(sum(outcome.spend)) and cost.number_format == '#,##0 "LYD"'
    assert funded.max_row - 1 == len(outcome.selected)
    assert requirements.max_row - 1 == len(outcome.funded)  # a shared requirement once
    assert len({r[0].value for r in requirements.iter_rows(min_row=2)}) == len(outcome.funded)
    assert [c.value for c in spend["B"][1:]] == pytest.approx(outcome.spend)
    assert all(isinstance(c.value, int | float) for c in spend["B"][1:])
    assert isinstance(funded["H2"].value, int | float) and "LYD" in funded["H2"].number_format


def test_an_unsolved_scenario_says_so(small_demo, pdf_file):
    from ihya.portfolio.services import portfolio_scenario_save

    scenario = portfolio_scenario_save(actor=None, name="later", budgets=[1e6])
    report = report_portfolio(actor=None, scenario_id="later", lang="en")
    assert "not solved yet" in pdf_text(pdf_file(report.content, "later.pdf"))
    book = load_workbook(
        io.BytesIO(report_portfolio(actor=None, scenario_id=scenario.pk, fmt="xlsx").content)
    )
    assert len(book.worksheets) == 1 and book.worksheets[0].sheet_view.rightToLeft


def test_the_command_the_refusals_the_api_and_the_pages(solved, other, tmp_path, api_for,
                                                        client_for):  # fmt: skip
    from django.contrib.auth.models import User

    out = tmp_path / "p.xlsx"
    result = CliRunner().invoke(
        app, ["report", "portfolio", str(solved.pk), "--compare", str(other.pk), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out).worksheets[0].sheet_view.rightToLeft is True
    missing = CliRunner().invoke(
        app, ["report", "portfolio", "999999", "--out", str(tmp_path / "n.pdf")]
    )
    assert missing.exit_code == 1
    with pytest.raises(NotFound):
        report_portfolio(actor=None, scenario_id=solved.pk, compare="nope")
    with pytest.raises(Forbidden):
        report_portfolio(actor=User.objects.create_user("nobody"), scenario_id=solved.pk)
    client = api_for("viewer")
    r = client.get(f"{API}/reports/portfolio/{solved.pk}", {"lang": "en", "format": "xlsx"})
    assert r.status_code == 200 and f"portfolio-{solved.pk}-en.xlsx" in r["Content-Disposition"]
    assert client.get(f"{API}/reports/portfolio/999999").status_code == 404
    page = client_for("viewer").get(f"/portfolio/{solved.pk}/").content.decode()
    assert 'action="/reports/jobs/"' in page and f'name="scenario_id" value="{solved.pk}"' in page
    assert f"/api/v1/reports/portfolio/{solved.pk}?format=xlsx" in page
    compare = (
        client_for("viewer")
        .get("/portfolio/compare/", {"a": solved.pk, "b": other.pk})
        .content.decode()
    )
    assert f"/api/v1/reports/portfolio/{solved.pk}?compare={other.pk}&amp;format=xlsx" in compare
    assert f'name="compare" value="{other.pk}"' in compare  # its PDF: a background job
