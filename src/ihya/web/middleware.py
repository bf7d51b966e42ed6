"""Arabic first: the language is the user's choice (the language cookie set by the switch) or
the configured default, never guessed from the browser's Accept-Language header."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class LanguageMiddleware(MiddlewareMixin):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        response.headers.setdefault("Vary", "Cookie")
        return response


class ServiceErrorMiddleware:
    """A page whose service refuses (``ihya.errors``) answers as Django answers a refusal: a
    record not found is the localised 404 page, a right the role lacks the 403 page. (Invalid
    input and conflicts are shown on the page's form by its view.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from ihya.errors import Forbidden, NotFound

        if isinstance(exception, NotFound):
            raise Http404(exception.text()) from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied(exception.text()) from exception
        return None


class RequestSizeMiddleware:
    """Refuse a request whose announced body is larger than an upload may be (IHYA_UPLOAD_MAX_MB,
    plus 1 MB for the form's other fields) before anything reads it: Django would otherwise
    stream the whole body to a temporary file when the CSRF check or a view first reads the
    form. The API answers 413 problem+json, a page the localised 413 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from ihya.uploads import upload_max_bytes

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_max_bytes() + 1024 * 1024:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        import json

        from django.http import HttpResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        from ihya.uploads import too_large

        error = too_large()
        if request.path.startswith("/api/"):
            body = {
                "type": "about:blank",
                "title": _("Content too large"),
                "status": 413,
                "detail": error.text(),
                "issues": [p.as_dict() for p in error.problems],
            }
            return HttpResponse(
                json.dumps(body, ensure_ascii=False),
                status=413,
                content_type="application/problem+json",
            )
        return render(request, "413.html", {"message": error.text()}, status=413)


# NUL: raw or percent-encoded (a query, a form), escaped in JSON (not after an escaped backslash)
NUL_RAW = re.compile(rb"\x00|%00")
NUL_JSON = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class NulCharacterMiddleware:
    """Refuse a request holding a NUL character in its path, its query, a form or a JSON body
    before anything looks it up: no text Ihya keeps may hold one, and PostgreSQL refuses it in
    any text value (a server error wherever it reached a query). The API answers 422
    problem+json, a page the localised 400 page. Files keep their bytes: of a multipart body,
    only the text fields are looked at. Runs after RequestSizeMiddleware, so the body it reads
    is bounded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.holds_nul(request):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def holds_nul(request) -> bool:
        if "\x00" in request.path_info or NUL_RAW.search(
            request.META.get("QUERY_STRING", "").encode()
        ):
            return True
        kind = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        if kind == "multipart/form-data":
            return any("\x00" in value for _, values in request.POST.lists() for value in values)
        if kind == "application/json":
            return bool(NUL_JSON.search(request.body) or b"\x00" in request.body)
        if kind == "application/x-www-form-urlencoded":
            return bool(NUL_RAW.search(request.body))
        return False

    @staticmethod
    def refuse(request):
        import json

        from django.http import HttpResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _("The request holds a NUL character, which no text may hold.")
        if request.path.startswith("/api/"):
            body = {"type": "about:blank", "title": _("Invalid request"), "status": 422}
            body["detail"] = message
            return HttpResponse(
                json.dumps(body, ensure_ascii=False),
                status=422,
                content_type="application/problem+json",
            )
        return render(request, "400.html", {"message": message}, status=400)


class PermissionsPolicyMiddleware:
    """Switch off the browser features no page uses (camera, microphone, location, payment…):
    settings.PERMISSIONS_POLICY on every response. The Content-Security-Policy comes from
    django-csp's middleware (settings.CONTENT_SECURITY_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# --- the database unreachable ---------------------------------------------------------------

RETRY_AFTER = 30  # seconds a client is told to wait when the database is unreachable


def database_down(exception: BaseException | None) -> bool:
    """Whether ``exception`` says the database cannot be reached (down, restarting, its
    connection cut, its file unreadable) — Django's wrapped errors and psycopg's own."""
    from django.db import InterfaceError, OperationalError

    kinds: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
    try:
        import psycopg

        kinds += (psycopg.OperationalError, psycopg.InterfaceError)
    except ImportError:  # SQLite only
        pass
    return isinstance(exception, kinds)


def unavailable(request):
    """503 with Retry-After: problem+json under /api/, else a standalone page (the base template
    needs the database: the user, the notifications' count) in the reader's language."""
    import json

    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils.translation import get_language, get_language_bidi
    from django.utils.translation import gettext as _

    detail = _("The database cannot be reached right now. Nothing was lost; try again in a minute.")
    if request.path.startswith("/api/"):
        body = {
            "type": "about:blank",
            "title": _("Service unavailable"),
            "status": 503,
            "detail": detail,
            "issues": [
                {
                    "field": None,
                    "code": "database_unavailable",
                    "reason_ar": _translated("ar"),
                    "reason_en": _translated("en"),
                }
            ],
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=503,
            content_type="application/problem+json",
        )
    else:
        language = get_language() or settings.LANGUAGE_CODE
        html = render_to_string(
            "503.html",
            {
                "message": detail,
                "language": language,
                "text_direction": "rtl" if get_language_bidi() else "ltr",
                "retry_after": RETRY_AFTER,
            },
        )
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _translated(language: str) -> str:
    from django.utils.translation import gettext as _

    with translation.override(language):
        return _(
            "The database cannot be reached right now. Nothing was lost; try again in a minute."
        )


class DatabaseUnavailableMiddleware:
    """A request that finds the database unreachable (down, restarting, its connection cut
    mid-request) answers 503 with Retry-After — problem+json for the API, a plain localised page
    otherwise — never a 500. Nothing half-written stays: the request's writes were in a
    transaction the database rolled back. Django closes the broken connection when the request
    ends, and the next request opens a new one (CONN_HEALTH_CHECKS checks a kept one first), so
    the app recovers by itself once the database is back.
    Errors raised by the middleware below this one reach ``ihya.urls.handler500``, which answers
    the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_down(exception):
            return unavailable(request)
        return None
