import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ihya.core.ingest.normalize import (
    ParseError,
    clean_text,
    match_key,
    normalize_code,
    normalize_digits,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)

ARABIC_INDIC = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("١٢٣", "123"),
        ("۱۲۳", "123"),
        ("١٬٢٣٤٫٥", "1,234.5"),
        ("\u200f12\u200e", "12"),
        ("−5", "-5"),
        ("1،200", "1,200"),
        ("٤٥٪", "45%"),
    ],
)
def test_it_normalizes_arabic_digits_and_separators(text, expected):
    assert normalize_digits(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("١٬٢٣٤٫٥", Decimal("1234.5")),
        ("1,234", Decimal("1234")),
        ("1,234,567.25", Decimal("1234567.25")),
        ("1.234.567,25", Decimal("1234567.25")),
        ("2,5", Decimal("2.5")),
        ("1 234", Decimal("1234")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("(12)", Decimal("-12")),
        ("'0409", Decimal("409")),
        ("45%", Decimal("45")),
        ("  ", None),
        (None, None),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        (12.0, Decimal("12.0")),
        ("1e3", Decimal("1000")),
        ("٠", Decimal(0)),
    ],
)
def test_it_parses_numbers_as_people_type_them(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "1,2,3", "12-", "١٢أ", "--1", True, float("nan")])
def test_it_refuses_what_is_not_a_number(value):
    with pytest.raises(ParseError) as info:
        parse_decimal(value)
    assert info.value.code == "not_a_number"


def test_integers_accept_excel_floats_and_refuse_fractions():
    assert parse_int(12.0) == 12
    assert parse_int("١٬٢٠٠") == 1200
    with pytest.raises(ParseError) as info:
        parse_int("12.5")
    assert info.value.code == "not_an_integer"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False))
def test_arabic_formatted_numbers_round_trip(number):
    western = f"{number:,.3f}"
    assert parse_decimal(western) == number
    assert parse_decimal(western.translate(ARABIC_INDIC)) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("01/03/2024", dt.date(2024, 3, 1)),
        ("1-3-2024", dt.date(2024, 3, 1)),
        ("01.03.24", dt.date(2024, 3, 1)),
        ("2024/3/1", dt.date(2024, 3, 1)),
        ("٠١/٠٣/٢٠٢٤", dt.date(2024, 3, 1)),
        ("٢٠٢٤-٠٣-٠١", dt.date(2024, 3, 1)),  # ISO in Arabic-Indic digits (it once failed)
        ("03/25/2024", dt.date(2024, 3, 25)),
        ("2024-03", dt.date(2024, 3, 1)),
        ("03/2024", dt.date(2024, 3, 1)),
        ("2019", dt.date(2019, 1, 1)),
        ("45352", dt.date(2024, 3, 1)),
        (45352, dt.date(2024, 3, 1)),
        ("2024-03-01 00:00:00", dt.date(2024, 3, 1)),
        ("2024-03-01T10:00", dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 12), dt.date(2024, 3, 1)),
        ("", None),
    ],
)
def test_it_reads_common_date_formats_day_first(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "2024-13-01", "yesterday", "1/2/3/4"])
def test_it_refuses_impossible_dates(value):
    with pytest.raises(ParseError) as info:
        parse_date(value)
    assert info.value.code == "not_a_date"


def test_booleans_in_both_languages():
    assert parse_bool("نعم") is True
    assert parse_bool("لا") is False
    assert parse_bool("Yes") is True
    assert parse_bool(0) is False
    assert parse_bool(None) is None
    with pytest.raises(ParseError):
        parse_bool("maybe")


def test_text_is_cleaned_of_invisible_marks_and_presentation_forms():
    assert clean_text("  \u200fمصنع\u200e   الإسمنت  ") == "مصنع الإسمنت"
    assert clean_text("\ufee3\ufebc\ufee8\ufeca") == "مصنع"  # presentation forms, from a PDF
    assert clean_text(12.0) == "12"
    assert clean_text("   ") is None
    assert clean_text("a\x00b\x07c") == "abc"  # control characters (PostgreSQL refuses NUL)
    assert clean_text("\x00") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al-Khums", "Khums"),
        ("alkhums", "AL KHUMS"),
        ("مصراتة", "مصراته"),
        ("الخُمس", "الخمس"),
        ("إجدابيا", "اجدابيا"),
        ("بنغازى", "بنغازي"),
        ("Factory ID", "factory_id"),
        ("سوق الخميس", "سوق  الخميس"),
    ],
)
def test_match_keys_ignore_spelling_variants(a, b):
    assert match_key(a) == match_key(b)


def test_codes_get_their_lost_leading_zero_back():
    assert normalize_code(409) == "0409"
    assert normalize_code("111") == "0111"
    assert normalize_code("72.14") == "7214"
    assert normalize_code("٧٢١٤٢٠") == "721420"
    assert normalize_code("'0804") == "0804"
    assert normalize_code("241", pad=(1,)) == "241"
    assert normalize_code("1", pad=(1,)) == "01"
