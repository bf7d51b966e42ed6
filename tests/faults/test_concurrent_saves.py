"""Fault: two users saving the same record (issue 17). The second save, made on what the first
one changed, is refused (409 / the page's message), never silently overwriting it: factories
carry a version (tests/registry/test_editing.py), so do meetings and portfolio scenarios (here:
the API and the pages); a decision's state is checked against the state its saver saw."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse


def test_the_second_of_two_decision_saves_is_refused(small_demo, api_for, client_for):
    from ihya.followup.models import Decision
    from ihya.followup.services import decision_record

    decision_record(actor=None, number="D-7", taken_on=dt.date.today(), text_en="Visit")
    # both opened the decision while it was open; the first marks it done
    first = api_for("secretary").post(
        "/api/v1/decisions/D-7/state",
        {"state": "done", "expected_state": "open"},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    second = api_for("admin").post(
        "/api/v1/decisions/D-7/state",
        {"state": "cancelled", "expected_state": "open"},
        content_type="application/json",
    )
    assert second.status_code == 409 and second["Content-Type"] == "application/problem+json"
    [issue] = second.json()["issues"]
    assert issue["code"] == "stale" and "meanwhile" in issue["reason_en"]
    assert "قرار" in issue["reason_ar"]
    assert Decision.objects.get(number="D-7").state == "done"  # the first save stands

    # the page: its button posts the state it showed
    client = client_for("admin")
    client.cookies["django_language"] = "en"
    page = client.post(
        reverse("followup:decision_state", args=["D-7"]),
        {"state": "done", "expected_state": "open"},
        follow=True,
    )
    assert "meanwhile" in page.content.decode()
    assert Decision.objects.get(number="D-7").state == "done"
    listing = client.get(reverse("followup:decisions")).content.decode()
    assert 'name="expected_state"' in listing or "D-7" in listing


def _landed(entity: str, object_id: str) -> list:
    """The audit log's updates of one record (what landed), oldest first."""
    from ihya.audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(entity=entity, object_id=object_id, action="update").order_by(
            "id"
        )
    )


def test_the_second_of_two_meeting_saves_is_refused(small_demo, api_for, client_for, actors):
    from ihya.followup.meetings import meeting_plan
    from ihya.followup.models import Meeting

    meeting_plan(actor=actors["secretary"], number="M-9", date=dt.date.today())
    # both read the meeting at the same version
    read = [api_for(who).get("/api/v1/meetings/M-9").json() for who in ("secretary", "admin")]
    assert read[0]["version"] == read[1]["version"] == 1
    first = api_for("secretary").post(
        "/api/v1/meetings/M-9/record",
        {"minutes_en": "Three files reviewed.", "version": 1},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    second = api_for("admin").post(
        "/api/v1/meetings/M-9/record",
        {"minutes_en": "Nothing discussed.", "guests": "visitor", "version": 1},
        content_type="application/json",
    )
    assert second.status_code == 409 and second["Content-Type"] == "application/problem+json"
    [issue] = second.json()["issues"]
    assert issue["code"] == "stale" and issue["field"] == "version"
    assert "meeting" in issue["reason_en"] and "version 2" in issue["reason_en"]
    assert "الاجتماع" in issue["reason_ar"]
    meeting = Meeting.objects.get(number="M-9")
    assert (meeting.minutes_en, meeting.guests, meeting.version) == ("Three files reviewed.", "", 2)
    [landed] = _landed("followup.meeting", "M-9")
    assert landed.after == {"minutes_en": "Three files reviewed."}

    # an old script that does not send the version is not checked
    old = api_for("admin").post(
        "/api/v1/meetings/M-9/record", {"guests": "visitor"}, content_type="application/json"
    )
    assert old.status_code == 200 and old.json()["version"] == 3

    # the page: two users open it at version 3; the first save lands, the second is refused on
    # the form with what its user typed kept, nothing overwritten
    first_page, second_page = client_for("secretary"), client_for("admin")
    second_page.cookies["django_language"] = "en"
    for client in (first_page, second_page):
        page = client.get(reverse("followup:meeting", args=["M-9"])).content.decode()
        assert 'name="version" value="3"' in page
    url = reverse("followup:meeting_record", args=["M-9"])
    landed_page = first_page.post(url, {"minutes_en": "Four files reviewed.", "version": "3"})
    assert landed_page.status_code == 302
    refused = second_page.post(
        url, {"minutes_en": "My own minutes.", "attendees": ["member"], "version": "3"}
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert 'id="minutes-refused"' in html and "Somebody saved this meeting" in html
    assert "My own minutes." in html and 'value="3"' in html  # what was typed, as read
    meeting.refresh_from_db()
    assert meeting.minutes_en == "Four files reviewed." and meeting.version == 4
    assert not meeting.attendees.exists()
    assert len(_landed("followup.meeting", "M-9")) == 3  # the API's two saves and the page's one


def _scenario_post(name: str, budgets: str, version) -> dict:
    return {
        "name": name,
        "budgets": budgets,
        "time_limit": "30",
        "gap": "0.0001",
        "w_jobs": "0.5",
        "w_exports": "0.5",
        "version": str(version),
    }


def test_the_second_of_two_scenario_saves_is_refused(small_demo, client_for):
    from ihya.portfolio.models import PortfolioScenario
    from ihya.portfolio.services import portfolio_scenario_save

    scenario = portfolio_scenario_save(actor=None, name="shared", budgets=[5e6, 5e6])
    assert scenario.version == 1
    url = reverse("portfolio:edit", kwargs={"pk": scenario.pk})
    first, second = client_for("ministry"), client_for("admin")
    second.cookies["django_language"] = "en"
    for client in (first, second):  # both open the builder on version 1
        page = client.get(url).content.decode()
        assert 'name="version" value="1"' in page
    landed = first.post(url, _scenario_post("shared", "6000000; 6000000", 1))
    assert landed.status_code == 302
    refused = second.post(url, _scenario_post("shared (admin)", "9000000", 1))
    assert refused.status_code == 409
    html = refused.content.decode()
    assert 'id="form-errors"' in html and "Somebody saved this scenario" in html
    assert "version 2" in html and 'value="shared (admin)"' in html  # what was typed, kept
    scenario = PortfolioScenario.objects.get(pk=scenario.pk)
    assert (scenario.name, scenario.budgets, scenario.version) == ("shared", [6e6, 6e6], 2)
    [update] = _landed("portfolio.scenario", str(scenario.pk))
    assert update.after["budgets"] == [6e6, 6e6]


def test_a_stale_scenario_save_is_refused_by_the_service_in_both_languages(small_demo):
    from ihya.errors import StaleEdit
    from ihya.portfolio.services import portfolio_scenario_save

    scenario = portfolio_scenario_save(actor=None, name="twice", budgets=[1e6])
    portfolio_scenario_save(
        actor=None, name="twice", budgets=[2e6], scenario_id=scenario.pk, version=1
    )
    with pytest.raises(StaleEdit) as refused:
        portfolio_scenario_save(
            actor=None, name="twice", budgets=[3e6], scenario_id=scenario.pk, version=1
        )
    assert refused.value.status == 409 and refused.value.current == 2
    [problem] = refused.value.problems
    assert problem.code == "stale" and "السيناريو" in problem.ar
    scenario.refresh_from_db()
    assert scenario.budgets == [2e6] and scenario.version == 2
