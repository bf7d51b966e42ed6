"""One formatting rule for every page, pinned case by case in both languages: Arabic (ar_LY)
with Latin and with Arabic-Indic digits, and English (issue 19)."""

import unicodedata
from decimal import Decimal

import pytest

from ihya import formats

LRM, ALM, RLM = "\u200e", "\u061c", "\u200f"
NBSP = "\xa0"
LYD_AR = f"{NBSP}د.ل.{RLM}"

# (function, value, keyword arguments, ar latn, ar arab, en)
CASES = [
    # counts are whole numbers: never ",00"
    (formats.number, 4677, {}, "4.677", "٤٬٦٧٧", "4,677"),
    (formats.number, Decimal("4677.00"), {}, "4.677", "٤٬٦٧٧", "4,677"),
    (formats.number, 4677.0, {}, "4.677", "٤٬٦٧٧", "4,677"),
    (formats.number, 4677, {"places": 0}, "4.677", "٤٬٦٧٧", "4,677"),
    (formats.number, 1234567.5, {}, "1.234.567,5", "١٬٢٣٤٬٥٦٧٫٥", "1,234,567.5"),
    (formats.number, 0.1234, {"places": 2}, "0,12", "٠٫١٢", "0.12"),
    # money: dinars, and dirhams only when there are any
    (
        formats.money,
        26_000_000,
        {},
        f"{RLM}26.000.000{LYD_AR}",
        f"{RLM}٢٦٬٠٠٠٬٠٠٠{LYD_AR}",
        f"LYD{NBSP}26,000,000",
    ),
    (
        formats.money,
        Decimal("38000000.000"),
        {},
        f"{RLM}38.000.000{LYD_AR}",
        f"{RLM}٣٨٬٠٠٠٬٠٠٠{LYD_AR}",
        f"LYD{NBSP}38,000,000",
    ),
    (
        formats.money,
        38000000.000,
        {},
        f"{RLM}38.000.000{LYD_AR}",
        f"{RLM}٣٨٬٠٠٠٬٠٠٠{LYD_AR}",
        f"LYD{NBSP}38,000,000",
    ),
    (
        formats.money,
        1250.5,
        {},
        f"{RLM}1.250,500{LYD_AR}",
        f"{RLM}١٬٢٥٠٫٥٠٠{LYD_AR}",
        f"LYD{NBSP}1,250.500",
    ),
    # percentages: the locale's pattern and percent sign
    (formats.percent, 0.645, {}, f"64,5{LRM}%{LRM}", f"٦٤٫٥٪{ALM}", "64.5%"),
    (formats.percent, 0.95, {}, f"95{LRM}%{LRM}", f"٩٥٪{ALM}", "95%"),
    (formats.percent, 1.25, {"places": 0}, f"125{LRM}%{LRM}", f"١٢٥٪{ALM}", "125%"),
    # signed values: the locale's minus, with a direction mark in Arabic
    (formats.number, -1.25, {}, f"{LRM}-1,25", f"{ALM}-١٫٢٥", "-1.25"),
    (formats.number, -4677, {}, f"{LRM}-4.677", f"{ALM}-٤٬٦٧٧", "-4,677"),
    (formats.percent, -0.05, {}, f"{LRM}-5{LRM}%{LRM}", f"{ALM}-٥٪{ALM}", "-5%"),
    (
        formats.money,
        -1500,
        {},
        f"{RLM}{LRM}-1.500{LYD_AR}",
        f"{RLM}{ALM}-١٬٥٠٠{LYD_AR}",
        f"-LYD{NBSP}1,500",
    ),
    # units always present and translated
    (formats.quantity, 4677, {"unit": "jobs"}, "4.677 وظيفة", "٤٬٦٧٧ وظيفة", "4,677 jobs"),
    (formats.quantity, 1, {"unit": "jobs"}, "1 وظيفة", "١ وظيفة", "1 job"),
    (formats.quantity, 2, {"unit": "factories"}, "2 مصنعان", "٢ مصنعان", "2 factories"),
    (formats.quantity, 5, {"unit": "factories"}, "5 مصانع", "٥ مصانع", "5 factories"),
    (formats.quantity, 12, {"unit": "factories"}, "12 مصنعًا", "١٢ مصنعًا", "12 factories"),
    (
        formats.quantity,
        12000,
        {"unit": "t/year"},
        "12.000 طن/سنة",
        "١٢٬٠٠٠ طن/سنة",
        "12,000 t/year",
    ),
    (
        formats.quantity,
        26,
        {"unit": "million LYD"},
        "26 مليون د.ل.",
        "٢٦ مليون د.ل.",
        "26 million LYD",
    ),
    (
        formats.quantity,
        2.5,
        {"unit": "million LYD"},
        "2,5 مليون د.ل.",
        "٢٫٥ مليون د.ل.",
        "2.5 million LYD",
    ),
]


def _call(function, value, kwargs, language, digits):
    kwargs = dict(kwargs)
    if "unit" in kwargs:
        return function(value, kwargs.pop("unit"), language, digits=digits, **kwargs)
    return function(value, language, digits=digits, **kwargs)


@pytest.mark.parametrize(
    ("function", "value", "kwargs", "ar", "ar_arab", "en"),
    CASES,
    ids=[f"{c[0].__name__}-{c[1]}-{'-'.join(map(str, c[2].values()))}" for c in CASES],
)
def test_the_rule_in_both_languages(function, value, kwargs, ar, ar_arab, en):
    assert _call(function, value, kwargs, "ar", "latn") == ar
    assert _call(function, value, kwargs, "ar", "arab") == ar_arab
    assert _call(function, value, kwargs, "en", "latn") == en


def test_none_is_empty_everywhere():
    for function in (formats.number, formats.money, formats.percent):
        assert function(None, "ar") == ""
    assert formats.quantity(None, "jobs", "ar") == ""


@pytest.mark.parametrize("digits", ["latn", "arab"])
def test_the_minus_is_shown_before_the_digits_in_a_right_to_left_line(digits):
    """A direction mark, then the minus, then the digits: the mark is a strong (LRM) or Arabic
    letter (ALM) character that makes the minus and the number one run, so a right-to-left line
    does not move the minus after the digits (``1,25-``)."""
    text = formats.number(-1.25, "ar", digits=digits)
    assert text[0] in (LRM, ALM) and text[1] == "-"
    assert unicodedata.bidirectional(text[0]) in ("L", "AL")
    assert unicodedata.bidirectional(text[1]) == "ES"
    assert unicodedata.bidirectional(text[2]) in ("EN", "AN")
