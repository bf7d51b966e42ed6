"""Pages that belong to no single domain: the dashboard and the user's preferences."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from ihya import vocabularies
from ihya.registry.selectors import registry_summary


@login_required
@permission_required("registry.view_factory", raise_exception=True)
def dashboard(request):
    summary = registry_summary(top=12)
    statuses = [(t, summary.by_status.get(t.code, 0)) for t in vocabularies.terms("factory_status")]
    peak = max([n for _, n in statuses] + [1])
    return render(
        request,
        "web/dashboard.html",
        {
            "summary": summary,
            "statuses": statuses,
            "peak": peak,
            "division_peak": max([n for *_, n in summary.by_division] + [1]),
            "municipality_peak": max([n for *_, n in summary.by_municipality] + [1]),
        },
    )


@login_required
def glossary(request):
    """Every acronym and term the pages use, with its name and a one-line explanation in the
    page's language; ``{% term %}`` links here (every role)."""
    from ihya.web.glossary import TERMS

    return render(request, "web/glossary.html", {"terms": TERMS})


def healthz(request):
    """Probe for load balancers and monitoring: "ok", or 503 (with Retry-After) when the
    database cannot be reached; no session, one ``SELECT 1``."""
    from ihya.web.doctor import database_reachable
    from ihya.web.middleware import RETRY_AFTER

    if not database_reachable():
        response = HttpResponse("database unavailable", content_type="text/plain", status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """handler500: an error the database raised outside a view (in a middleware: the session,
    the user) is the 503 of ``DatabaseUnavailableMiddleware`` too; anything else Django's 500."""
    import sys

    from django.views.defaults import server_error as django_500

    from ihya.web.middleware import database_down, unavailable

    if database_down(sys.exc_info()[1]):
        return unavailable(request)
    return django_500(request)


@login_required
def preferences(request):
    """The user's own settings: the digits numbers are shown with, their password (Django's
    password form and validators; the session kept, the others ended), and personal API tokens
    (created here and shown once, revoked here)."""
    from django.contrib import messages
    from django.contrib.auth import update_session_auth_hash
    from django.contrib.auth.forms import PasswordChangeForm
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from ihya.accounts.services import (
        TooManyTokens,
        password_change,
        profile_update,
        token_create,
        token_revoke,
        tokens_of,
    )
    from ihya.errors import Invalid, NotFound

    new_token = None
    password_form = PasswordChangeForm(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "digits")
        if action == "password":
            password_form = PasswordChangeForm(request.user, request.POST)
            if password_form.is_valid():
                password_change(
                    user=request.user, new_password=password_form.cleaned_data["new_password1"]
                )
                update_session_auth_hash(request, request.user)  # this session stays, others end
                messages.success(request, _("Your password was changed."))
                return redirect("preferences")
        elif action == "digits":
            digits = request.POST.get("digits", "latn")
            if digits in ("latn", "arab"):
                profile_update(user=request.user, digits=digits)
                messages.success(request, _("Your preferences were saved."))
            return redirect("preferences")
        if action == "token_create":
            name = (request.POST.get("name") or "").strip()[:100] or "api"
            try:
                days = int(request.POST.get("days") or settings.TOKEN_DAYS)
            except ValueError:
                days = settings.TOKEN_DAYS
            try:
                new_token = token_create(user=request.user, name=name, days=days)
            except (TooManyTokens, Invalid) as error:
                messages.error(request, error.text())
                return redirect("preferences")
        elif action == "token_revoke":
            try:
                token_revoke(user=request.user, token_id=int(request.POST.get("token", "")))
            except (ValueError, NotFound):
                return HttpResponse(status=404)
            messages.success(request, _("The token was revoked."))
            return redirect("preferences")
    return render(
        request,
        "web/preferences.html",
        {
            "tokens": tokens_of(user=request.user),
            "new_token": new_token,
            "password_form": password_form,
            "token_days": sorted({30, 90, 180, 365, settings.TOKEN_DAYS}),
            "default_days": settings.TOKEN_DAYS,
        },
    )
