"""Formula injection (OWASP "CSV injection"): text that a spreadsheet would run as a formula is
quoted in every CSV and XLSX Ihya writes; numbers stay numbers; the quote is dropped on import."""

from __future__ import annotations

import csv
import io

import pytest

from ihya.core.ingest.normalize import clean_text
from ihya.core.tables import SafeCsvWriter, spreadsheet_row, spreadsheet_safe

ATTACK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "text",
    [ATTACK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "-", "=", "-x"],
)
def test_text_a_spreadsheet_would_run_is_quoted(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -12.5, 0, 3, "-12.5", "+3", "-1e5", "-1,234.5", None, "a=b"])
def test_numbers_and_harmless_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_a_csv_writer_quotes_rows_and_dict_rows():
    buffer = io.StringIO()
    SafeCsvWriter(csv.writer(buffer)).writerows([[ATTACK, -5, "-5"]])
    dict_buffer = io.StringIO()
    writer = SafeCsvWriter(csv.DictWriter(dict_buffer, fieldnames=["name", "n"]))
    writer.writeheader()
    writer.writerow({"name": ATTACK, "n": -1})
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'" + ATTACK, "-5", "-5"]
    assert list(csv.reader(io.StringIO(dict_buffer.getvalue())))[1] == ["'" + ATTACK, "-1"]


def test_the_quote_is_dropped_on_import_so_an_export_round_trips():
    assert clean_text(spreadsheet_safe(ATTACK)) == ATTACK
    assert clean_text("'quoted on purpose") == "'quoted on purpose"
    assert spreadsheet_row([ATTACK, 1]) == ["'" + ATTACK, 1]
