"""The follow-up's working pages: task progress on a case file and on "my tasks", evidence
attached (type by content, size limit, SHA-256) and served only to users who may see files,
the meeting page with its agenda in Arabic and English, decisions followed until done."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.followup.conftest import first_step

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def factory(running, solved):
    from ihya.registry.models import Factory

    return Factory.objects.get(external_id=solved.outcome.selected_ids[0])


def test_evidence_is_checked_stored_by_hash_and_served_to_who_may_see_it(
    factory, client_for, settings, tmp_path
):
    from ihya.followup.models import Evidence

    settings.IHYA_HOME = tmp_path
    url = reverse("followup:evidence_add", args=[factory.external_id])
    refused = client_for("ministry").post(
        url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")}, follow=True
    )
    assert "PDF" in refused.content.decode() and Evidence.objects.count() == 0
    settings.ATTACHMENT_MAX_MB = 0
    client_for("ministry").post(url, {"file": SimpleUploadedFile("big.pdf", PDF)})
    assert Evidence.objects.count() == 0
    settings.ATTACHMENT_MAX_MB = 20
    assert (
        client_for("member").post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code
        == 403
    )
    client_for("ministry").post(
        url, {"file": SimpleUploadedFile("../../محضر.pdf", PDF), "note": "minutes"}
    )
    [evidence] = Evidence.objects.all()
    digest = hashlib.sha256(PDF).hexdigest()
    assert (evidence.sha256, evidence.size, evidence.name) == (digest, len(PDF), "محضر.pdf")
    assert (tmp_path / "attachments" / digest[:2] / digest).read_bytes() == PDF
    download = reverse("followup:evidence", args=[evidence.pk])
    response = client_for("viewer").get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(None).get(download).status_code == 302
    page = client_for("viewer").get(reverse("followup:case", args=[factory.external_id]))
    assert digest[:12] in page.content.decode()


def test_progress_on_the_page_and_my_tasks(factory, running, client_for, actors):
    step = first_step(running, factory)
    page = client_for("ministry").get(reverse("followup:case", args=[factory.external_id]))
    assert f'data-task="{step.key}"' in page.content.decode()
    response = client_for("ministry").post(
        reverse("followup:task_update"),
        {
            "task_key": step.key,
            "status": "in_progress",
            "percent": "٤٠",
            "actual_start": step.start_date.strftime("%d/%m/%Y"),
            "note": "التوريد متأخر",
            "next": reverse("followup:case", args=[factory.external_id]),
        },
    )
    assert response["Location"] == reverse("followup:case", args=[factory.external_id])
    page = client_for("viewer").get(response["Location"]).content.decode()
    assert "التوريد متأخر" in page and 'data-kind="task"' in page
    mine = client_for("ministry").get(reverse("followup:my_tasks") + "?show=all").content.decode()
    bodies = set(running.tasks.filter(kind="step").values_list("body", flat=True))
    if "ministry-industry" in bodies:
        own = running.tasks.filter(kind="step", body="ministry-industry").first()
        assert f'data-task="{own.key}"' in mine
    others = running.tasks.filter(kind="step").exclude(body="ministry-industry").first()
    assert f'data-task="{others.key}"' not in mine


def test_the_meeting_page_in_both_languages(factory, running, client_for, actors):
    from ihya.followup.meetings import meeting_plan
    from ihya.followup.services import decision_record

    today = dt.date.today()
    meeting_plan(actor=actors["secretary"], number="M-3", date=today)
    decision_record(
        actor=actors["secretary"], number="D-5", taken_on=today - dt.timedelta(days=30),
        text_ar="توفير قطع الغيار", text_en="Provide the spare parts",
        deadline=today - dt.timedelta(days=3), owner_body="ministry-industry",
    )  # fmt: skip
    url = reverse("followup:meeting", args=["M-3"])
    ar = client_for("member").get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in ar and "توفير قطع الغيار" in ar and 'data-number="D-5"' in ar
    assert 'id="minutes-form"' not in ar  # a member reads the minutes; the secretariat writes
    client_for("secretary").post(
        reverse("followup:decision_add"),
        {
            "number": "D-6",
            "text_ar": "زيارة المصنع",
            "meeting": "M-3",
            "taken_on": today.isoformat(),
        },
    )
    response = client_for("secretary").post(
        reverse("followup:meeting_record", args=["M-3"]),
        {"attendees": ["member", "secretary"], "minutes_ar": "محضر الاجتماع", "held": "1"},
    )
    assert response.status_code == 302
    en = client_for("viewer")
    en.post(reverse("set_language"), {"language": "en"})
    page = en.get(url).content.decode()
    assert 'dir="ltr"' in page and "Provide the spare parts" in page
    assert 'data-state="held"' in page and 'data-number="D-6"' in page
    client_for("secretary").post(
        reverse("followup:decision_state", args=["D-5"]), {"state": "done"}
    )
    register = client_for("viewer").get(reverse("followup:decisions") + "?show=overdue")
    assert 'data-number="D-5"' not in register.content.decode()


def test_numbers_with_a_slash_as_libyan_decisions_have_them(running, client_for, api_for, actors):
    from ihya.followup.meetings import meeting_plan
    from ihya.followup.services import decision_record

    today = dt.date.today()
    meeting_plan(actor=actors["secretary"], number="3/2026", date=today)
    decision_record(actor=actors["secretary"], number="12/2026", taken_on=today, text_ar="قرار")
    page = client_for("viewer").get(reverse("followup:meeting", args=["3/2026"]))
    assert page.status_code == 200 and "3/2026" in page.content.decode()
    register = client_for("secretary").get(reverse("followup:decisions")).content.decode()
    assert reverse("followup:decision_state", args=["12/2026"]) in register
    recorded = api_for("secretary").post(
        "/api/v1/meetings/3/2026/record", {"minutes_ar": "محضر"}, content_type="application/json"
    )
    assert recorded.status_code == 200 and recorded.json()["minutes_ar"] == "محضر"
    assert api_for("viewer").get("/api/v1/meetings/3/2026").json()["number"] == "3/2026"
    done = api_for("secretary").post(
        "/api/v1/decisions/12/2026/state", {"state": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
