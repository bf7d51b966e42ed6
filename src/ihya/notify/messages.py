"""A notification said in a language: its kind and parameters (names in both languages, dates as
ISO strings) rendered at display time — the page's language, or the digest reader's."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from ihya import formats


def _lang(language: str | None) -> str:
    return "ar" if (language or "ar").startswith("ar") else "en"


def _pick(params: dict, stem: str, lang: str) -> str:
    """The Arabic or English value of ``stem`` (the other one when it is empty)."""
    first, other = (f"{stem}_ar", f"{stem}_en") if lang == "ar" else (f"{stem}_en", f"{stem}_ar")
    return params.get(first) or params.get(other) or ""


def _day(value: str | None, lang: str, digits: str) -> str:
    if not value:
        return ""
    return formats.date(dt.date.fromisoformat(value), lang, digits=digits)


def text(kind: str, params: dict, language: str | None = None, *, digits: str = "latn") -> str:
    """The sentence of a notification in ``language`` (the active one by default)."""
    lang = _lang(language or translation.get_language())
    with translation.override(lang):
        about = params.get("about", "")
        if about == "decision":
            values = {
                "number": params.get("number", ""),
                "text": _pick(params, "text", lang),
                "deadline": _day(params.get("deadline"), lang, digits),
            }
            if kind == "assigned":
                return _("Decision %(number)s is assigned to you: %(text)s") % values
            if kind == "deadline_soon":
                return (
                    _("Decision %(number)s is due on %(deadline)s and still open: %(text)s")
                    % values
                )
            return _("Decision %(number)s is overdue since %(deadline)s: %(text)s") % values
        if about == "task":
            values = {
                "task": _pick(params, "task", lang),
                "factory": params.get("factory", ""),
                "finish": _day(params.get("finish"), lang, digits),
            }
            return (
                _("Plan task “%(task)s” (%(factory)s) was due on %(finish)s and is not finished.")
                % values
            )
        if about == "file":
            values = {
                "factory": params.get("factory", ""),
                "name": _pick(params, "name", lang),
                "baseline": _day(params.get("baseline"), lang, digits),
                "forecast": _day(params.get("forecast"), lang, digits),
                "slip": formats.number(params.get("slip") or 0, lang, digits=digits),
            }
            return (
                _(
                    "The file %(factory)s %(name)s is at risk: its restart is now forecast on "
                    "%(forecast)s, %(slip)s days after the baseline (%(baseline)s)."
                )
                % values
            )
        return kind


def kind_label(kind: str, language: str | None = None) -> str:
    from ihya.notify.models import Notification

    with translation.override(_lang(language or translation.get_language())):
        return str(Notification.Kind(kind).label) if kind in Notification.Kind.values else kind
