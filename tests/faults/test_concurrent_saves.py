"""Fault: two users saving the same record (issue 17). The second save, made on what the first
one changed, is refused (409 / the page's message), never silently overwriting it: factories
carry a version (tests/registry/test_editing.py); a decision's state is checked against the
state its saver saw."""

from __future__ import annotations

import datetime as dt

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
