"""The notifications page: the user's own notifications (newest first, unread highlighted, each
with its link), "mark all read" and the digest preference. Every signed-in user has one; nobody
sees another's."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ihya.errors import ServiceError
from ihya.notify import messages as texts
from ihya.notify import selectors

PAGE = 200  # the newest; older ones stay in the database and the API


@login_required
def notifications_view(request):
    lang = get_language() or settings.LANGUAGE_CODE
    profile = getattr(request.user, "profile", None)
    digits = getattr(profile, "digits", "latn")
    items = [
        {
            "kind": n.kind,
            "label": texts.kind_label(n.kind, lang),
            "text": texts.text(n.kind, n.params, lang, digits=digits),
            "link": n.link,
            "read": n.read_at is not None,
            "created": timezone.localdate(n.created_at),
        }
        for n in selectors.notifications_of(user=request.user, limit=PAGE)
    ]
    return render(
        request,
        "notify/list.html",
        {
            "items": items,
            "unread": selectors.unread_count(user=request.user),
            "preference": selectors.preference_of(user=request.user),
            "languages": settings.LANGUAGES,
        },
    )


@login_required
@require_POST
def read_all_view(request):
    from ihya.notify.services import notifications_mark_read

    count = notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("notify:list")


@login_required
@require_POST
def preferences_view(request):
    from ihya.notify.services import preference_set

    try:
        preference_set(
            user=request.user,
            language=request.POST.get("language", ""),
            digest=bool(request.POST.get("digest")),
        )
    except ServiceError as error:
        for problem in error.problems:
            messages.error(request, problem.text())
    else:
        messages.success(request, _("Your digest preference is saved."))
    return redirect("notify:list")
