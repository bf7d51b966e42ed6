"""Numbers, money and dates for people, per language, with Babel.

Arabic uses the ``ar_LY`` locale with Western digits by default (as Libyan documents do);
``digits="arab"`` switches to Arabic-Indic digits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, get_minus_sign_symbol

LOCALES = {"ar": "ar_LY", "en": "en_GB"}
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language[:2], "en_GB"))


def _system(digits: str) -> str:
    return "arab" if digits == "arab" else "latn"


def _digits(text: str, digits: str) -> str:
    return text.translate(_TO_ARABIC_INDIC) if digits == "arab" else text


def _minus(text: str, language: str, digits: str) -> str:
    """The locale's own minus sign: in Arabic it carries a direction mark (LRM, or ALM with
    Arabic-Indic digits) so that ``-1.2`` is not displayed as ``1.2-`` in a right-to-left line."""
    if not text.startswith("-"):
        return text
    return get_minus_sign_symbol(_locale(language), numbering_system=_system(digits)) + text[1:]


def number(
    value: int | float | Decimal | None,
    language: str = "en",
    *,
    digits: str = "latn",
    places: int | None = None,
) -> str:
    """``1234567.5`` -> ``1,234,567.5`` (en) or ``1.234.567,5`` (ar_LY); "" for None."""
    if value is None:
        return ""
    pattern = None
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(
        value, format=pattern, locale=_locale(language), numbering_system=_system(digits)
    )
    return _digits(_minus(text, language, digits), digits)


def money(
    value: int | float | Decimal | None,
    language: str = "en",
    *,
    currency: str = "LYD",
    digits: str = "latn",
) -> str:
    """An amount with its currency; the Libyan dinar has 3 decimals."""
    if value is None:
        return ""
    text = format_currency(
        value, currency, locale=_locale(language), numbering_system=_system(digits)
    )
    return _digits(text, digits)


def date(value: dt.date | None, language: str = "en", *, digits: str = "latn") -> str:
    if value is None:
        return ""
    return _digits(format_date(value, format="medium", locale=_locale(language)), digits)
