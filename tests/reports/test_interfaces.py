"""The reports through each interface: `ihya report …`, the API (the file, the caller's right to
see the record) and the download buttons on the factory's and the plan's pages."""

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ihya.cli import app
from ihya.errors import Forbidden, Invalid
from ihya.reports.services import report_factory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_the_command_line_writes_each_format(small_demo, tmp_path):
    runner = CliRunner()
    xlsx = tmp_path / "f.xlsx"
    result = runner.invoke(
        app, ["report", "factory", "DEMO-0001", "--lang", "en", "--out", str(xlsx)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx).worksheets[0].sheet_view.rightToLeft in (None, False)
    pdf = tmp_path / "f.pdf"
    result = runner.invoke(app, ["report", "factory", "DEMO-0001", "--out", str(pdf)])
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF-")
    bad = runner.invoke(app, ["report", "factory", "DEMO-0001", "--out", str(tmp_path / "f.doc")])
    assert bad.exit_code == 1 and not (tmp_path / "f.doc").exists()
    missing = runner.invoke(app, ["report", "factory", "NOPE", "--out", str(tmp_path / "n.pdf")])
    assert missing.exit_code == 1


def test_the_plan_by_name_and_version_from_the_command_line(planned, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(
        app, ["report", "plan", planned.name, "--version", str(planned.version), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(out).worksheets[0].sheet_view.rightToLeft is True


def test_the_service_refuses_what_the_caller_may_not_see(small_demo, planned):
    from django.contrib.auth.models import User

    from ihya.reports.services import report_plan

    with pytest.raises(Invalid) as refused:
        report_factory(actor=None, factory_id="DEMO-0001", lang="fr", fmt="doc")
    assert {p.code for p in refused.value.problems} == {"unknown_language", "unsupported_format"}
    nobody = User.objects.create_user("nobody")  # signed in, without a role
    with pytest.raises(Forbidden):
        report_factory(actor=nobody, factory_id="DEMO-0001")
    with pytest.raises(Forbidden):
        report_plan(actor=nobody, plan_id=planned.pk, fmt="xlsx")


def test_the_api_answers_a_file_in_the_language_asked(small_demo, api_for):
    client = api_for("viewer")
    pdf = client.get(f"{API}/reports/factory/DEMO-0001", {"lang": "ar"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="factory-DEMO-0001-ar.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(f"{API}/reports/factory/DEMO-0001", {"lang": "en", "format": "xlsx"})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert not book.worksheets[0].sheet_view.rightToLeft
    assert client.get(f"{API}/reports/factory/NOPE").status_code == 404
    assert client.get(f"{API}/reports/factory/DEMO-0001", {"format": "doc"}).status_code == 422
    assert client.get(f"{API}/reports/plan/999999", {"format": "xlsx"}).status_code == 404


def test_the_pages_offer_the_downloads(planned, client_for):
    from ihya.registry.models import Factory

    factory = Factory.objects.first()
    page = client_for("viewer").get(f"/factories/{factory.external_id}/").content.decode()
    assert f"/api/v1/reports/factory/{factory.external_id}?format=pdf" in page
    plan_page = client_for("viewer").get(f"/plans/{planned.pk}/").content.decode()
    assert f"/api/v1/reports/plan/{planned.pk}?format=xlsx" in plan_page
    assert (
        'action="/reports/jobs/"' in plan_page
        and f'name="plan_id" value="{planned.pk}"' in plan_page
    )
    assert f"/api/v1/reports/plan/{planned.pk}?format=xlsx" in plan_page
