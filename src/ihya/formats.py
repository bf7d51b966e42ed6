"""Numbers, money and dates for people, per language, with Babel.

Arabic uses the ``ar_LY`` locale with Western digits by default (as Libyan documents do);
``digits="arab"`` switches to Arabic-Indic digits.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
)
from django.utils.translation import ngettext, override

LOCALES = {"ar": "ar_LY", "en": "en_GB"}
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language[:2], "en_GB"))


def _system(digits: str) -> str:
    return "arab" if digits == "arab" else "latn"


def _digits(text: str, digits: str) -> str:
    return text.translate(_TO_ARABIC_INDIC) if digits == "arab" else text


def _minus(text: str, language: str, digits: str) -> str:
    """The locale's own minus sign: in Arabic it carries a direction mark (LRM, or ALM with
    Arabic-Indic digits) so that ``-1.2`` is not displayed as ``1.2-`` in a right-to-left line;
    in an amount, after the right-to-left mark that opens it (``‏‎-1.500 د.ل.‏``)."""
    marks = len(text) - len(text.lstrip("\u200e\u200f\u061c"))  # an amount starts with RLM
    if text[marks : marks + 1] != "-":
        return text
    minus = get_minus_sign_symbol(_locale(language), numbering_system=_system(digits))
    return text[:marks] + minus + text[marks + 1 :]


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
        if round(float(value), places) == 0:
            value = 0  # −0.004 shown to two places is 0.00, not −0.00
    elif float(value) == 0:
        value = 0  # a negative zero
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
    places: int | None = None,
) -> str:
    """An amount with its currency. The Libyan dinar has 3 decimals (dirhams), shown only when
    the amount has any: a budget of 15 million reads ``15.128.000 د.ل.``, not ``15.128.000,000``,
    which an Arabic reader may take for a larger number. A currency code written before the
    number is set apart from it (``LYD 1,250.500``). ``places=0``: to the dinar, for the plan's
    targets and other estimates whose dirhams would be noise."""
    if value is None:
        return ""
    # to the dirham (a sum of floats carries 12061000.000000002), or to the dinar with places=0
    value = round(Decimal(str(value)), 3 if places is None else places)
    whole = value == value.to_integral_value()
    locale = _locale(language)
    pattern = None
    if whole:
        pattern = locale.currency_formats["standard"].pattern
        pattern = ";".join(re.sub(r"0\.0+", "0", part) for part in pattern.split(";"))
    text = format_currency(
        value,
        currency,
        format=pattern,
        locale=locale,
        currency_digits=not whole,
        numbering_system=_system(digits),
    )
    text = re.sub(rf"^(-?{re.escape(currency)})(?=[\d\-−\u200e])", "\\1\u00a0", text)
    return _digits(_minus(text, language, digits), digits)


def percent(
    value: int | float | Decimal | None,
    language: str = "en",
    *,
    digits: str = "latn",
    places: int = 1,
) -> str:
    """A ratio as a percentage with the locale's pattern and percent sign, at most ``places``
    decimals: ``0.645`` -> ``64.5%`` (en), ``64,5‎%‎`` (ar_LY), ``٦٤٫٥٪؜`` (Arabic-Indic
    digits); "" for None."""
    if value is None:
        return ""
    locale = _locale(language)
    system = _system(digits)
    pattern = "#,##0" + ("." + "#" * places if places else "") + "%"
    if round(float(value) * 100, places) == 0:
        value = 0
    text = format_percent(value, format=pattern, locale=locale, numbering_system=system)
    sign = locale.number_symbols.get(system, locale.number_symbols["latn"])["percentSign"]
    text = text.replace("%", sign)
    return _digits(_minus(text, language, digits), digits)


# unit -> its name with the count placed by %(n)s, in the plural form of the count
_UNITS = {
    "jobs": lambda n: ngettext("%(n)s job", "%(n)s jobs", n),
    "factories": lambda n: ngettext("%(n)s factory", "%(n)s factories", n),
    "t/year": lambda n: ngettext("%(n)s t/year", "%(n)s t/year", n),
    "million LYD": lambda n: ngettext("%(n)s million LYD", "%(n)s million LYD", n),
}


def quantity(
    value: int | float | Decimal | None,
    unit: str,
    language: str = "en",
    *,
    digits: str = "latn",
    places: int | None = None,
) -> str:
    """A number with its unit, never one without the other: ``4677, "jobs"`` -> ``4,677 jobs``
    (en), ``4.677 وظيفة`` (ar). The unit's name comes from the catalogs with the plural form
    of the count (Arabic has six); a fractional count takes the general plural. Units:
    ``jobs``, ``factories``, ``t/year``, ``million LYD``."""
    if value is None:
        return ""
    whole = float(value) == int(float(value))
    count = abs(int(float(value))) if whole else 100
    with override(language[:2]):
        template = _UNITS[unit](count)
    return template % {"n": number(value, language, digits=digits, places=places)}


def date(value: dt.date | None, language: str = "en", *, digits: str = "latn") -> str:
    if value is None:
        return ""
    return _digits(format_date(value, format="medium", locale=_locale(language)), digits)


def list_separator(language: str = "en") -> str:
    """«، » in Arabic (a Latin comma next to a decimal comma reads as part of a number), ", "
    in English."""
    return "، " if language.startswith("ar") else ", "


# the units the registry's free-text unit columns commonly hold, as each language writes them
_SYMBOLS = {
    "t": ("t", "طن"),
    "kg": ("kg", "كغ"),
    "m": ("m", "م"),
    "m2": ("m²", "م²"),
    "m3": ("m³", "م³"),
    "km": ("km", "كم"),
    "l": ("L", "لتر"),
    "mwh": ("MWh", "ميغاواط ساعة"),
    "kwh": ("kWh", "كيلوواط ساعة"),
    "units": ("units", "وحدة"),
    "pieces": ("pieces", "قطعة"),
    "pairs": ("pairs", "زوج"),
    "lyd": ("LYD", "د.ل."),
    "million lyd": ("million LYD", "مليون د.ل."),
    "thousand usd": ("thousand USD", "ألف دولار"),
}
_PER = {"year": ("year", "سنة"), "month": ("month", "شهر"), "day": ("day", "يوم")}
_ARABIC_SYMBOLS = {ar: (en, ar) for en, ar in _SYMBOLS.values()}  # a unit written in Arabic
_ARABIC_PER = {ar: (en, ar) for en, ar in _PER.values()}


def unit_symbol(unit: str | None, language: str = "en") -> str:
    """A unit as written in a free-text column (``t/year``, ``m3``, ``units/year``…) in the
    language's own symbols: ``طن/سنة``, ``م³``, ``وحدة/سنة`` in Arabic, ``m³`` in English. A unit
    it does not know is shown as written."""
    text = (unit or "").strip()
    arabic = language.startswith("ar")
    base, slash, per = text.partition("/")
    symbol = _SYMBOLS.get(base.strip().lower()) or _ARABIC_SYMBOLS.get(base.strip())
    period = (_PER.get(per.strip().lower()) or _ARABIC_PER.get(per.strip())) if slash else None
    if symbol is None or (slash and period is None):
        return text
    said = symbol[1] if arabic else symbol[0]
    return f"{said}/{period[1] if arabic else period[0]}" if period else said
