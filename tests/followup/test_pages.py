"""The follow-up pages: a file moved on its page (refusals shown, nothing written), a production
report and a decision recorded by form, the register's overdue decisions, both languages."""

import datetime as dt

import pytest

from ihya.followup.models import Case, Decision, ProductionReport

pytestmark = pytest.mark.django_db


def _page(client, url, lang="ar"):
    client.cookies["django_language"] = lang
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def test_a_file_moves_on_its_page_and_refusals_are_said(chosen, client_for):
    fid = chosen.external_id
    url = f"/cases/{fid}/"
    page = _page(client_for("ministry"), url)
    assert 'dir="rtl"' in page and 'data-to="diagnosed"' in page and "مسجَّل" in page
    assert 'data-to="diagnosed"' not in _page(client_for("secretary"), url)
    # a move the role may not make: refused with the reason, nothing written
    response = client_for("secretary").post(f"/cases/{fid}/move/", {"to": "diagnosed"}, follow=True)
    assert "لا يسمح دورك" in response.content.decode() and not Case.objects.exists()
    response = client_for("ministry").post(f"/cases/{fid}/move/", {"to": "diagnosed"}, follow=True)
    assert Case.objects.get().state == "diagnosed"
    page = _page(client_for("viewer"), url, "en")
    assert 'data-state="diagnosed"' in page and "Registered → Diagnosed" in page
    assert 'id="move-form"' not in page  # a viewer moves nothing
    listing = _page(client_for("viewer"), "/cases/?state=diagnosed", "en")
    assert fid in listing and "Diagnosed" in listing

    response = client_for("ministry").post(
        f"/cases/{fid}/production/", {"date": "٢٠٢٦/٠١/٠٥", "quantity": "١٢٫٥", "unit": "t"}
    )
    report = ProductionReport.objects.get()
    assert report.date == dt.date(2026, 1, 5) and float(report.quantity) == 12.5
    assert client_for("viewer").post(f"/cases/{fid}/production/", {}).status_code == 403


def test_the_decision_register_shows_what_is_overdue(chosen, client_for):
    fid = chosen.external_id
    secretary = client_for("secretary")
    secretary.post(
        "/decisions/add/",
        {
            "number": "2026/7",
            "taken_on": "2026-01-04",
            "text_ar": "توفير قطع الغيار",
            "factories": fid,
            "owner_body": "ministry-industry",
            "owner_person": "م. سالم",
            "deadline": "2026-02-01",
        },
    )
    secretary.post("/decisions/add/", {"number": "2026/7", "text_ar": "مكرر"})  # refused
    decision = Decision.objects.get()
    assert list(decision.factories.values_list("external_id", flat=True)) == [fid]
    page = _page(client_for("viewer"), "/decisions/?show=overdue")
    assert "2026/7" in page and 'data-status="overdue"' in page and "توفير قطع الغيار" in page
    assert "2026/7" not in _page(client_for("viewer"), "/decisions/?show=done")
    assert "2026/7" in _page(client_for("viewer"), f"/cases/{fid}/")  # on the file's timeline
    assert client_for("ministry").post("/decisions/add/", {"number": "x"}).status_code == 403


def test_the_timeline_lists_a_days_items_newest_first(chosen):
    from ihya.followup.selectors import case_view, timeline
    from ihya.followup.services import case_transition, decision_record

    fid = chosen.external_id
    case_transition(actor=None, factory_id=fid, to="diagnosed")
    decision_record(
        actor=None, number="2026/9", taken_on=dt.date.today(), text_ar="قرار", factory_ids=[fid]
    )
    case_transition(actor=None, factory_id=fid, to="assessed")
    chosen.refresh_from_db()
    items = timeline(chosen, case_view(chosen), {})
    assert [i["title"] for i in items] == [
        "diagnosed → assessed",
        "2026/9",
        "registered → diagnosed",
    ]
