"""The bell, the notifications page and the API: each user sees only their own; "mark all read"
(POST, CSRF); pages in Arabic (right to left) and English."""

import datetime as dt

import pytest
from django.test import Client

from ihya.notify.models import Notification, Preference
from ihya.notify.services import notify_scan

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(actors, decide):
    decide("2026/7", owner_body="ministry-industry", deadline=dt.date(2026, 2, 1))
    decide("2026/8", owner_person="viewer")
    notify_scan(today=TODAY)


def test_the_bell_counts_the_unread_in_one_query(overdue, client_for, django_assert_num_queries):
    page = client_for("ministry").get("/").content.decode()
    assert 'id="nav-notifications"' in page and 'id="unread-count">2<' in page
    assert 'id="unread-count"' not in client_for("authority").get("/").content.decode()
    assert 'id="nav-notifications"' not in Client().get("/login/").content.decode()

    from django.template import Context, Template
    from django.test import RequestFactory

    from ihya.notify.context import notifications

    request = RequestFactory().get("/")
    request.user = Notification.objects.first().user
    with django_assert_num_queries(1):
        Template("{{ unread_notifications }}").render(Context(notifications(request)))


def test_the_page_in_arabic_and_english_and_mark_all_read(overdue, client_for):
    ministry = client_for("ministry")
    arabic = ministry.get("/notifications/").content.decode()
    assert 'dir="rtl"' in arabic and "القرار 2026/7" in arabic and "متأخر" in arabic
    assert arabic.count("list-group-item-warning") == 2  # unread highlighted
    ministry.cookies["django_language"] = "en"
    english = ministry.get("/notifications/").content.decode()
    assert 'dir="ltr"' in english and "Decision 2026/7 is overdue since" in english
    assert 'href="/decisions/?show=overdue"' in english
    assert "2026/8" not in english  # the viewer's

    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(Notification.objects.filter(kind="assigned").first().user)
    assert csrf.post("/notifications/read/").status_code == 403  # no CSRF token
    response = ministry.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(user__username="ministry", read_at=None).exists()
    assert Notification.objects.filter(user__username="viewer", read_at=None).count() == 1
    assert "list-group-item-warning" not in ministry.get("/notifications/").content.decode()


def test_the_digest_preference(overdue, client_for, actors):
    client = client_for("viewer")
    client.post("/notifications/preferences/", {"language": "en", "digest": "1"})
    assert Preference.objects.get(user=actors["viewer"]).language == "en"
    client.post("/notifications/preferences/", {"language": "fr"})
    pref = Preference.objects.get(user=actors["viewer"])
    assert pref.language == "en" and pref.digest is True  # refused: unchanged
    client.post("/notifications/preferences/", {"language": "ar"})
    pref.refresh_from_db()
    assert pref.language == "ar" and pref.digest is False


def test_the_api_lists_and_marks_only_ones_own(overdue, api_for):
    ministry = api_for("ministry")
    body = ministry.get("/api/v1/notifications", HTTP_COOKIE="django_language=en").json()
    assert body["count"] == 2
    assert {i["kind"] for i in body["items"]} == {"assigned", "deadline_passed"}
    assert all(i["params"]["number"] == "2026/7" for i in body["items"])
    theirs = Notification.objects.get(user__username="viewer")
    mine = Notification.objects.filter(user__username="ministry").first()
    marked = ministry.post(
        "/api/v1/notifications/read",
        {"ids": [theirs.pk, mine.pk]},
        content_type="application/json",
    ).json()
    assert marked == {"marked": 1, "unread": 1}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert ministry.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 1
    assert ministry.post("/api/v1/notifications/read").json() == {"marked": 1, "unread": 0}
    assert api_for("viewer").get("/api/v1/notifications").json()["count"] == 1
    assert Client().get("/api/v1/notifications").status_code == 401


def test_marking_read_with_ids_beyond_the_database_is_a_client_error(actors, api_for):
    # found by schemathesis: an id past 64 bits was a 500
    response = api_for("viewer").post(
        "/api/v1/notifications/read", {"ids": [2**70]}, content_type="application/json"
    )
    assert response.status_code == 422
