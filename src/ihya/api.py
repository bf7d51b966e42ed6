"""The REST API under /api/v1: typed schemas (django-ninja), OpenAPI at /api/v1/openapi.json,
personal tokens (``Authorization: Bearer …``) or the browser session, the same permissions and
services as the pages, and errors as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from ihya.accounts.services import token_user
from ihya.api_support import authorised
from ihya.errors import ServiceError
from ihya.followup.api import router as followup_router
from ihya.kpi.api import router as kpi_router
from ihya.linkages.api import router as linkages_router
from ihya.notify.api import router as notify_router
from ihya.plan.api import router as plan_router
from ihya.portfolio.api import router as portfolio_router
from ihya.priority.api import router as priority_router
from ihya.registry.api import router as registry_router
from ihya.reports.api import router as reports_router
from ihya.trade.api import router as trade_router


class TokenAuth(HttpBearer):
    """A personal token (``Authorization: Bearer …``); then the operation's permissions
    (``ihya.api_support.permission``), before anything reads the request's parameters."""

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(token=token)
        if user is not None:
            request.user = user
            authorised(request, user)
        return user


class BrowserSessionAuth(SessionAuth):
    """The logged-in browser session (with Ninja's CSRF check), then the same permissions."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user:
            authorised(request, request.user)
        return user


api = NinjaAPI(
    title="Ihya API",
    version="1",
    description=(
        "Registry of industrial facilities, diagnosis and revival (Ihya).\n\n"
        "**Authentication.** Create a personal token on your preferences page (`/me/`) or with "
        "`ihya users token NAME [--days N]`; it is shown once, works with your role, expires "
        "(90 days by default) and can be revoked there. Send it as "
        "`Authorization: Bearer TOKEN`. A logged-in browser session works too (with the CSRF "
        "token for changes).\n\n"
        "**Errors** are `application/problem+json` (RFC 9457): a refusal of your role is 403 "
        "before anything you sent is read; problems with what you sent are 422 with every "
        "field, code and reason in Arabic and English under `issues`."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSessionAuth()],
)


def problem(request, status: int, title: str, detail: str = "", **extra):
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    if detail:
        body["detail"] = detail
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problem(
        request, exc.status_code, str(exc.message) if hasattr(exc, "message") else str(exc)
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(
        request, 401, "Authentication required", "Send 'Authorization: Bearer <token>' or log in."
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(request, 403, _("Forbidden"), str(exc) or _("Your role may not do this."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(request, 404, _("Not found"), str(exc))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    return problem(request, 422, _("Invalid request"), errors=exc.errors)


@api.exception_handler(ServiceError)
def _refused(request, exc: ServiceError):
    """A service's refusal: its HTTP status, the reasons in the caller's language as the detail,
    and every problem (field, code, reason in Arabic and English) under ``issues``."""
    return problem(
        request,
        exc.status,
        _(exc.title),
        exc.text(),
        issues=[p.as_dict() for p in exc.problems],
    )


@api.exception_handler(ValidationError)
def _invalid_model(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return problem(request, 422, _("Invalid data"), errors=errors)


api.add_router("/", registry_router)
api.add_router("/", trade_router)
api.add_router("/", linkages_router)
api.add_router("/", priority_router)
api.add_router("/", portfolio_router)
api.add_router("/", plan_router)
api.add_router("/", followup_router)
api.add_router("/", notify_router)
api.add_router("/", kpi_router)
api.add_router("/", reports_router)
