"""Content-Security-Policy without inline script, and Permissions-Policy, on every response.

The policy only helps if no page needs an exception: every page of the role × route matrix is
rendered and read for inline script (a <script> without src that a browser would run) and inline
event handlers (on…= attributes). The browser tests also fail on any CSP violation the browser
reports (tests/e2e/conftest.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.web.test_permissions import ROUTES

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


class _InlineScripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, _ in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
        data = (names.get("type") or "").lower() == "application/json"
        if tag == "script" and "src" not in names and not data:
            self.found.append("<script> without src")
        for name in ("href", "action", "formaction"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_what_the_policy_would_block():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<script src="/static/x.js"></script><a href="javascript:go()" onclick="go()">x</a>'
    )
    assert inline_scripts(html) == [
        "<script> without src",
        "<a onclick=…>",
        "<a href=javascript:…>",
    ]


def test_the_policy_allows_no_inline_script_and_no_outside_source(client_for):
    response = client_for(None).get("/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for words in policy.values():
        assert not any(w.startswith(("http:", "https:", "*")) for w in words), policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_api_and_the_health_check_carry_the_headers(client_for, api_for):
    for response in (api_for("viewer").get("/api/v1/factories"), client_for(None).get("/healthz")):
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]


def test_no_page_has_inline_script(small_demo, client_for):
    admin = client_for("admin")
    checked = 0
    for name, kwargs, _ in ROUTES:
        response = admin.get(reverse(name, kwargs=kwargs))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert inline_scripts(html) == [], name
        checked += 1
    for url in ("/login/", "/no-such-page/"):
        assert inline_scripts(client_for(None).get(url).content.decode()) == [], url
    assert checked > 40
