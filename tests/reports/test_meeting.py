"""The committee's meeting pack and minutes: a held meeting's agenda, register, attendance,
minutes (Arabic read back in logical order) and decisions taken, as PDF (both languages, the
shipped Arabic font embedded, page 1 kept as an image) and as Excel; through the command line,
the API (a number with a slash) and the meeting's page."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ihya.errors import Forbidden, NotFound
from ihya.reports.services import report_meeting
from tests.followup.conftest import running  # noqa: F401  (the fixture, reused)
from tests.reports.conftest import page_image, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
MINUTES_AR = "ناقشت اللجنة الملفات المتأخرة وقررت متابعة خط الائتمان."
MINUTES_EN = "The committee discussed the late files and decided to follow up the credit line."
NUMBER = "3/2026"


@pytest.fixture
def held(running, actors):  # noqa: F811
    from ihya.followup.meetings import meeting_plan, meeting_record
    from ihya.followup.services import decision_record

    decision_record(
        actor=actors["secretary"],
        number="D-1",
        taken_on=TODAY - dt.timedelta(days=40),
        text_ar="تأمين خط ائتمان للمصنع",
        text_en="Secure a credit line for the factory",
        owner_body="ministry-industry",
        owner_person="Director of finance",
        deadline=TODAY - dt.timedelta(days=10),
    )
    meeting_plan(
        actor=actors["secretary"], number=NUMBER, date=TODAY - dt.timedelta(days=7), place="طرابلس"
    )
    decision_record(
        actor=actors["secretary"],
        number="D-2",
        taken_on=TODAY - dt.timedelta(days=7),
        text_ar="زيارة ميدانية للمصانع المتعثرة",
        text_en="A site visit to the stalled factories",
        owner_body="export-authority",
        deadline=TODAY + dt.timedelta(days=20),
        meeting=NUMBER,
    )
    return meeting_record(
        actor=actors["secretary"],
        number=NUMBER,
        attendees=["member", "ministry"],
        guests="خبير مستقل",
        minutes_ar=MINUTES_AR,
        minutes_en=MINUTES_EN,
        held=True,
    )


def _pdf(tmp_path, report):
    assert report.content.startswith(b"%PDF-")
    path = tmp_path / report.filename
    path.write_bytes(report.content)
    return path


def test_the_minutes_in_arabic_read_in_logical_order(held, tmp_path):
    report = report_meeting(actor=None, number=NUMBER, lang="ar", fmt="pdf")
    assert report.filename == "meeting-3-2026-ar.pdf"
    path = _pdf(tmp_path, report)
    text = pdf_text(path)
    assert "محضر الاجتماع" in text and "جدول الأعمال" in text
    assert MINUTES_AR in text  # the Arabic sentence, whole and in logical order
    assert "تأمين خط ائتمان للمصنع" in text  # past its deadline: on the agenda
    assert "زيارة ميدانية للمصانع المتعثرة" in text  # taken at the meeting
    assert "وزارة الصناعة والمعادن" in text and "المحتويات" in text
    fonts = pdf_fonts(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any(name.replace("-", "").startswith("NotoNaskhArabic") for name, _ in fonts), fonts
    page_image(path, "meeting-ar")


def test_a_planned_meetings_pack_in_english(running, actors, tmp_path):  # noqa: F811
    from ihya.followup.meetings import meeting_plan

    meeting_plan(actor=actors["secretary"], number="M-9", date=TODAY + dt.timedelta(days=5))
    path = _pdf(tmp_path, report_meeting(actor=None, number="M-9", lang="en", fmt="pdf"))
    text = pdf_text(path)
    assert "Meeting pack" in text and "Tasks past their approved finish" in text
    assert "Minutes (Arabic)" not in text  # not held yet
    assert any(name.replace("-", "").startswith("NotoSans") for name, _ in pdf_fonts(path))
    page_image(path, "meeting-en")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_meeting_workbook(held, lang):
    report = report_meeting(actor=None, number=NUMBER, lang=lang, fmt="xlsx")
    book = load_workbook(io.BytesIO(report.content))
    assert len(book.worksheets) == 7
    for ws in book.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "ar"), ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    fields = {r[0].value: r[1] for r in book.worksheets[0].iter_rows(min_row=2)}
    minutes = fields["المحضر (بالعربية)" if lang == "ar" else "minutes (Arabic)"]
    assert minutes.value == MINUTES_AR
    late = book.worksheets[2]
    assert late.cell(row=2, column=1).value == "D-1"
    days = late.cell(row=2, column=6)
    assert isinstance(days.value, int) and days.value == 3  # on the meeting's date
    assert isinstance(late.cell(row=2, column=5).value, dt.datetime)
    taken = book.worksheets[6]
    assert [r[0].value for r in taken.iter_rows(min_row=2)] == ["D-2"]


def test_the_meeting_report_through_each_interface(held, actors, api_for, client_for, tmp_path):
    from django.contrib.auth.models import User

    from ihya.cli import app

    out = tmp_path / "m.xlsx"
    result = CliRunner().invoke(app, ["report", "meeting", NUMBER, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).worksheets[0].sheet_view.rightToLeft is True
    missing = CliRunner().invoke(app, ["report", "meeting", "NOPE", "--out", str(out)])
    assert missing.exit_code == 1

    client = api_for("viewer")
    pdf = client.get(f"/api/v1/reports/meeting/{NUMBER}", {"lang": "en"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="meeting-3-2026-en.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(f"/api/v1/reports/meeting/{NUMBER}", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get("/api/v1/reports/meeting/NOPE").status_code == 404
    with pytest.raises(NotFound):
        report_meeting(actor=None, number="NOPE")
    with pytest.raises(Forbidden):
        report_meeting(actor=User.objects.create_user("nobody"), number=NUMBER)

    page = client_for("viewer").get(f"/meetings/{NUMBER}/").content.decode()
    # the PDF goes through a background job (tests/reports/test_jobs.py); the Excel is direct
    assert 'action="/reports/jobs/"' in page and f'name="number" value="{NUMBER}"' in page
    assert f"/api/v1/reports/meeting/{NUMBER}?format=xlsx" in page
