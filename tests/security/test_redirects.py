"""Open redirects: no view sends a browser to an address the request chose off the site — the
login's ``next``, the language switch's ``next`` and Referer, the follow-up forms' ``next``, the
report button's Referer."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "/%09/evil.example",
    "https://evil.example%2F@testserver/",
]


def assert_on_site(response):
    assert response.status_code in (301, 302, 303), response.status_code
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.scheme in ("", "http"), location
    assert parts.netloc in ("", "testserver"), location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_login_next(actors):
    for target in EVIL:
        response = Client().post(
            "/login/", {"username": "secretary", "password": PASSWORD, "next": target}
        )
        assert_on_site(response)
        response = Client().post(
            "/login/", {"username": "viewer", "password": PASSWORD}, QUERY_STRING=f"next={target}"
        )
        assert_on_site(response)


def test_login_next_on_site_is_kept(actors):
    response = Client().post(
        "/login/", {"username": "secretary", "password": PASSWORD, "next": "/factories/?q=x"}
    )
    assert response["Location"] == "/factories/?q=x"


def test_language_switch(client_for):
    client = client_for("viewer")
    for target in EVIL:
        assert_on_site(client.post("/i18n/setlang/", {"language": "en", "next": target}))
        assert_on_site(client.post("/i18n/setlang/", {"language": "ar"}, HTTP_REFERER=target))


def test_follow_up_forms_next(small_demo, client_for):
    client = client_for("secretary")
    for target in EVIL:
        for url in ("/tasks/update/", "/decisions/NO-SUCH/state/"):
            assert_on_site(client.post(url, {"next": target, "state": "done"}))
    on_site = client.post("/tasks/update/", {"next": "/cases/?state=approved"})
    assert on_site["Location"] == "/cases/?state=approved"


def test_report_button_referer(small_demo, client_for):
    client = client_for("viewer")
    for target in EVIL:
        response = client.post(
            "/reports/jobs/", {"kind": "plan", "plan": "999999"}, HTTP_REFERER=target
        )
        assert_on_site(response)
