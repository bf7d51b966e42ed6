"""Pages that belong to no single domain: the dashboard and the user's preferences."""

from __future__ import annotations

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


def healthz(request):
    """Liveness probe for load balancers: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def preferences(request):
    """The user's own settings: the digits numbers are shown with."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from ihya.accounts.services import profile_update

    if request.method == "POST":
        digits = request.POST.get("digits", "latn")
        if digits in ("latn", "arab"):
            profile_update(user=request.user, digits=digits)
            messages.success(request, _("Your preferences were saved."))
        return redirect("preferences")
    return render(request, "web/preferences.html")
