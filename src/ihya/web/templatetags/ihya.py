"""Numbers, money, percentages, quantities, dates, vocabulary labels and glossary terms in the
page's language (Babel)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language

from ihya import formats, vocabularies
from ihya.demo.names import shown as _shown
from ihya.web import glossary

register = template.Library()


def _digits(context) -> str:
    return context.get("digits", "latn") if hasattr(context, "get") else "latn"


@register.simple_tag(takes_context=True)
def num(context, value, places=None):
    return formats.number(value, get_language() or "ar", digits=_digits(context), places=places)


@register.simple_tag(takes_context=True)
def money(context, value, places=None):
    """An amount in dinars; ``{% money v 0 %}`` to the dinar (an estimate)."""
    return formats.money(value, get_language() or "ar", digits=_digits(context), places=places)


@register.simple_tag(takes_context=True)
def percent(context, value, places=1):
    """A ratio (0.645) as a percentage: ``64.5%`` / ``64,5‎%‎``."""
    return formats.percent(value, get_language() or "ar", digits=_digits(context), places=places)


@register.simple_tag(takes_context=True)
def quantity(context, value, unit, places=None):
    """A number with its translated unit: ``{% quantity n "jobs" %}``."""
    return formats.quantity(
        value, unit, get_language() or "ar", digits=_digits(context), places=places
    )


@register.simple_tag(takes_context=True)
def day(context, value):
    return formats.date(value, get_language() or "ar", digits=_digits(context))


@register.simple_tag(name="term")
def glossary_term(key, text=None, link=True):
    """``{% term "PCI" %}``: the acronym as an abbreviation whose title is its one-line
    explanation in the page's language, linked to its entry in the glossary (``link=False``
    inside another link: a column header that sorts). (The ``term`` filter below is another
    thing: a vocabulary code's label.)"""
    found = glossary.term_get(key)
    if found is None:
        return text or key
    if not link:
        return format_html(
            '<abbr title="{}">{}</abbr>', f"{found.name}: {found.explanation}", text or found.label
        )
    return format_html(
        '<a class="glossary-term" href="{}#{}"><abbr title="{}">{}</abbr></a>',
        reverse("glossary"),
        found.anchor,
        f"{found.name}: {found.explanation}",
        text or found.label,
    )


@register.filter
def term(code, vocabulary):
    return vocabularies.label(vocabulary, str(code)) if code not in (None, "") else ""


def _separator() -> str:
    return formats.list_separator(get_language() or "ar")


@register.simple_tag
def sep() -> str:
    """The list separator of the page's language: «، » in Arabic (a Latin comma next to a
    decimal comma reads as part of a number), ", " in English."""
    return _separator()


@register.filter
def joinlist(values) -> str:
    return _separator().join(str(v) for v in values)


@register.filter
def shown(name) -> str:
    """A demo record's name (a scenario, a plan, the trade analysis, the input–output table) in
    the page's language; any other name as it was written."""
    return _shown(name)


@register.filter
def who(user) -> str:
    """A person as pages name them: the full name, else the login — an identifier, not a word
    of the page's language, kept left to right and marked not to be translated."""
    if user is None or user == "":
        return "—"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    if full:
        return full
    login = getattr(user, "username", user)
    return format_html('<bdi dir="ltr" translate="no">{}</bdi>', login)


@register.filter
def code(value) -> str:
    """An identifier shown beside the name it stands for (a factory's id, a requirement's, an
    HS code): left to right, marked as a code, never translated."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr" translate="no" class="record-id">{}</bdi>', value)


@register.filter
def unit(value) -> str:
    """A free-text unit (``t/year``, ``m3``) in the page's language: ``طن/سنة``, ``m³``."""
    return formats.unit_symbol(value, get_language() or "ar")


@register.filter
def country(code) -> str:
    """A market's ISO alpha-3 code as the country's name in the page's language."""
    from ihya.trade.reference import country_name

    return country_name(str(code)) if code not in (None, "") else ""


@register.filter
def body(code) -> str:
    """A body's code (a plan task's owner) as the body's name in the page's language."""
    from ihya.reference.selectors import body_name

    return body_name(code)
