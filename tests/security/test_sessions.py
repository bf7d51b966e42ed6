"""Sessions and CSRF: a session id planted before login is not the one after it, logout ends the
session on the server, and a change without the CSRF token is refused (pages, and the API when
it authenticates by the session; a Bearer token needs none)."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str = "secretary"):
    return client.post("/login/", {"username": username, "password": PASSWORD})


def _planted(client: Client) -> str:
    """An attacker's session id set in the victim's browser before the victim logs in."""
    store = SessionStore()
    store["planted"] = True
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return store.session_key


def test_the_session_id_changes_at_login(actors):
    client = Client()
    planted = _planted(client)
    response = _login(client)
    assert response.status_code == 302 and "/login/" not in response["Location"]
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != planted
    assert not SessionStore().exists(planted)  # the planted id is gone from the server
    # the attacker's copy of the old id is not logged in
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert attacker.get("/").status_code == 302
    assert client.get("/").status_code == 200


def test_logout_ends_the_session_on_the_server(actors):
    client = Client()
    _login(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore().exists(key) and client.get("/").status_code == 200
    thief = Client()  # someone who copied the cookie
    thief.cookies[settings.SESSION_COOKIE_NAME] = key
    assert thief.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert not SessionStore().exists(key)
    response = thief.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_logout_by_get_is_refused(actors):
    """A link or an image cannot log a user out (Django 5: logout is POST only)."""
    client = Client()
    _login(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/logout/").status_code == 405
    assert SessionStore().exists(key)


# -- CSRF ---------------------------------------------------------------------------------------


def _strict(actors, name: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors[name])
    return client


def test_a_page_form_without_the_token_is_refused(small_demo, actors):
    from ihya.registry.models import Factory

    before = Factory.objects.get(external_id="DEMO-0001")
    client = _strict(actors, "secretary")
    page = client.get("/factories/DEMO-0001/edit/")
    assert page.status_code == 200
    for url, data in (
        ("/factories/DEMO-0001/edit/", {"name_ar": "مزيف", "version": before.version}),
        ("/factories/new/", {"factory_id": "EVIL-1", "name_ar": "مزيف"}),
        ("/decisions/add/", {"text_ar": "مزيف"}),
        ("/me/", {"language": "en"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 403, url
    after = Factory.objects.get(external_id="DEMO-0001")
    assert (after.name_ar, after.version) == (before.name_ar, before.version)
    assert not Factory.objects.filter(external_id="EVIL-1").exists()


def test_the_login_form_needs_its_token(actors):
    response = Client(enforce_csrf_checks=True).post(
        "/login/", {"username": "secretary", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_the_api_by_session_needs_the_token_a_bearer_token_does_not(small_demo, actors, api_for):
    from ihya.followup.models import Decision
    from ihya.registry.models import Factory

    def body(number: str) -> str:
        return json.dumps({"number": number, "taken_on": "2026-01-10", "text_ar": "قرار"})

    before = Decision.objects.count()
    session = _strict(actors, "secretary")
    refused = session.post(
        "/api/v1/decisions", data=body("D-CSRF-1"), content_type="application/json"
    )
    assert refused.status_code == 403
    patch = json.dumps({"name_ar": "مزيف", "version": 1})
    assert (
        session.patch("/api/v1/factories/DEMO-0001", data=patch, content_type="application/json")
    ).status_code == 403
    assert Decision.objects.count() == before
    assert Factory.objects.get(external_id="DEMO-0001").name_ar != "مزيف"
    # reading by the session needs no token
    assert session.get("/api/v1/factories").status_code == 200
    # with the token read from the cookie, the same session may write
    session.get("/")
    token = session.cookies[settings.CSRF_COOKIE_NAME].value
    allowed = session.post(
        "/api/v1/decisions",
        data=body("D-CSRF-2"),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert allowed.status_code in (200, 201), allowed.content
    # a Bearer token is no ambient credential: no CSRF token needed
    bearer = Client(
        enforce_csrf_checks=True,
        HTTP_AUTHORIZATION=api_for("secretary").defaults["HTTP_AUTHORIZATION"],
    )
    response = bearer.post(
        "/api/v1/decisions", data=body("D-CSRF-3"), content_type="application/json"
    )
    assert response.status_code in (200, 201), response.content
    assert Decision.objects.count() == before + 2
