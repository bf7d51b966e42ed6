"""The scan: an overdue decision notifies its owners (and nobody else) once, and is overdue in
the register too; a deadline approaching; owners found by body and by name; plan steps late."""

import datetime as dt

import pytest

from ihya.notify.models import Notification
from ihya.notify.services import notify_scan

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_an_overdue_decision_notifies_its_owner_once_and_nobody_else(actors, decide, client_for):
    decide("2026/7", owner_body="ministry-industry", deadline=dt.date(2026, 2, 1))
    first = notify_scan(today=TODAY)
    assert first.created == {"assigned": 1, "deadline_passed": 1}
    assert _kinds(actors["ministry"]) == ["assigned", "deadline_passed"]
    for other in ("admin", "secretary", "authority", "member", "viewer"):
        assert _kinds(actors[other]) == [], other
    again = notify_scan(today=TODAY)
    assert again.total == 0
    assert Notification.objects.count() == 2
    passed = Notification.objects.get(kind="deadline_passed")
    assert passed.link == "/decisions/?show=overdue" and passed.params["number"] == "2026/7"
    # the owner sees it as overdue among their notifications, and so does the register
    page = client_for("ministry").get("/notifications/").content.decode()
    assert "2026/7" in page and "توفير قطع الغيار" in page and 'data-kind="deadline_passed"' in page
    register = client_for("viewer").get("/decisions/?show=overdue").content.decode()
    assert 'data-number="2026/7" data-status="overdue"' in register
    assert "2026/7" not in client_for("authority").get("/notifications/").content.decode()


def test_a_deadline_approaching_then_passed_and_a_done_decision(actors, decide, settings):
    settings.NOTIFY_SOON_DAYS = 7
    decision = decide("2026/8", owner_body="export-authority", deadline=dt.date(2026, 3, 5))
    decide("2026/9", owner_body="export-authority", deadline=dt.date(2026, 4, 30))
    assert notify_scan(today=TODAY).created == {"assigned": 2, "deadline_soon": 1}
    assert notify_scan(today=dt.date(2026, 3, 6)).created == {"deadline_passed": 1}
    decision.state = "done"
    decision.save()
    assert notify_scan(today=dt.date(2026, 5, 2)).created == {"deadline_passed": 1}  # 2026/9 only
    numbers = sorted(
        Notification.objects.filter(kind="deadline_passed").values_list("params__number", flat=True)
    )
    assert numbers == ["2026/8", "2026/9"]


def test_the_owner_person_is_found_by_login_or_full_name(actors, decide):
    viewer = actors["viewer"]
    viewer.first_name, viewer.last_name = "Salem", "Ali"
    viewer.save()
    decide("2026/10", owner_person="salem  ali", deadline=dt.date(2026, 2, 1))
    decide("2026/11", owner_person="member")
    decide("2026/12", owner_person="nobody here")
    notify_scan(today=TODAY)
    assert _kinds(viewer) == ["assigned", "deadline_passed"]
    assert _kinds(actors["member"]) == ["assigned"]
    assert Notification.objects.count() == 3


def test_a_moved_deadline_is_a_new_event(actors, decide):
    decision = decide("2026/13", owner_body="ministry-industry", deadline=dt.date(2026, 2, 1))
    notify_scan(today=TODAY)
    decision.deadline = dt.date(2026, 2, 20)
    decision.save()
    assert notify_scan(today=TODAY).created == {"deadline_passed": 1}


def test_inactive_users_are_not_notified(actors, decide):
    ministry = actors["ministry"]
    ministry.is_active = False
    ministry.save()
    decide("2026/14", owner_body="ministry-industry", deadline=dt.date(2026, 2, 1))
    assert notify_scan(today=TODAY).total == 0
