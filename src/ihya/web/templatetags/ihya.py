"""Numbers, money, percentages, quantities, dates, vocabulary labels and glossary terms in the
page's language (Babel)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language

from ihya import formats, vocabularies
from ihya.web import glossary

register = template.Library()


def _digits(context) -> str:
    return context.get("digits", "latn") if hasattr(context, "get") else "latn"


@register.simple_tag(takes_context=True)
def num(context, value, places=None):
    return formats.number(value, get_language() or "ar", digits=_digits(context), places=places)


@register.simple_tag(takes_context=True)
def money(context, value):
    return formats.money(value, get_language() or "ar", digits=_digits(context))


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
def glossary_term(key, text=None):
    """``{% term "PCI" %}``: the acronym as an abbreviation whose title is its one-line
    explanation in the page's language, linked to its entry in the glossary. (The ``term``
    filter below is another thing: a vocabulary code's label.)"""
    found = glossary.term_get(key)
    if found is None:
        return text or key
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
