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


def test_a_free_text_unit_in_the_pages_language():
    assert formats.unit_symbol("t/year", "ar") == "طن/سنة"
    assert formats.unit_symbol("m3", "en") == "m³"
    assert formats.unit_symbol("units/year", "ar") == "وحدة/سنة"
    assert formats.unit_symbol("million LYD", "ar") == "مليون د.ل."
    assert formats.unit_symbol("طن", "en") == "t"  # written in Arabic, read in English
    assert formats.unit_symbol("barrels/week", "ar") == "barrels/week"  # unknown: as written
    assert formats.unit_symbol(None, "ar") == ""


def test_money_to_the_dirham_or_to_the_dinar():
    assert formats.money(12_061_000.000000002, "en") == "LYD\xa012,061,000"  # a sum of floats
    assert formats.money(383_402.49, "ar", places=0) == "\u200f383.402\xa0د.ل.\u200f"
