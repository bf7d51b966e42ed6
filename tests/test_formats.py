"""Numbers and money as people read them, in Arabic (ar_LY) and English (Babel)."""

from ihya import formats


def test_numbers_in_both_languages_and_both_digit_systems():
    assert formats.number(1234567.5, "en") == "1,234,567.5"
    assert formats.number(1234567.5, "ar") == "1.234.567,5"
    assert formats.number(12, "ar", digits="arab") == "١٢"


def test_a_rounded_zero_has_no_sign():
    assert formats.number(-0.004, "en", places=2) == "0.00"
    assert formats.number(-0.0, "ar") == "0"
    assert formats.number(-1.5, "en", places=2).endswith("1.50")  # a real negative keeps it


def test_dirhams_only_when_the_amount_has_them():
    assert formats.money(15_128_000, "ar") == "\u200f15.128.000\xa0د.ل.\u200f"
    assert formats.money(15_128_000, "en") == "LYD\xa015,128,000"
    assert formats.money(1250.5, "en") == "LYD\xa01,250.500"
    assert formats.money(1250.5, "ar", digits="arab") == "\u200f١٬٢٥٠٫٥٠٠\xa0د.ل.\u200f"
