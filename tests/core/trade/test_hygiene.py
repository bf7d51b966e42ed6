"""Bad trade input is never read silently: each problem counted with file, row and column."""

import datetime as dt

import numpy as np
import pytest

from ihya.core.trade.hygiene import TradeCheckError
from ihya.core.trade.panel import complexity_panel
from ihya.core.trade.sources import read_bilateral_year, read_exports

HEADER = "year,country,product,value\n"
ROWS = [
    "2020,LBY,270900,1200",
    "2020,LBY,252329,30",
    "2020,TUN,252329,400",
    "2020,TUN,151010,900",
    "2020,EGY,270900,800",
    "2020,EGY,252329,300",
    "2021,LBY,270900,1300",
    "2021,TUN,151010,950",
]


def write(path, rows, header=HEADER, encoding="utf-8"):
    path.write_bytes((header + "\n".join(rows) + "\n").encode(encoding))
    return path


def refused(path, **kw):
    with pytest.raises(TradeCheckError) as info:
        read_exports([path], **kw)
    return info.value.issues


@pytest.mark.parametrize(
    "cell,code,value",
    [
        ("", "blank_value", ""),
        ("NA", "not_a_number", "NA"),
        ("..", "not_a_number", ".."),
        ("n/a", "not_a_number", "n/a"),
        ("-5", "negative_value", "-5"),
    ],
)
def test_bad_values_are_counted_with_file_row_and_column(tmp_path, cell, code, value):
    rows = [*ROWS, f"2020,MAR,252329,{cell}", f"2021,MAR,252329,{cell}"]
    path = write(tmp_path / "x.csv", rows)
    (issue,) = refused(path)
    assert (issue.code, issue.file, issue.column, issue.count, issue.row, issue.value) == (
        code,
        str(path),
        "value",
        2,
        10,  # header is row 1: the ninth data row is row 10
        value,
    )


def test_empty_keys_are_counted_not_dropped_silently(tmp_path):
    path = write(tmp_path / "x.csv", [*ROWS, "2020,,252329,5", "2020,MAR,,5", "2020,  ,1,1"])
    issues = {i.code: i for i in refused(path)}
    assert (issues["empty_country"].count, issues["empty_country"].row) == (2, 10)
    assert (issues["empty_product"].count, issues["empty_product"].row) == (1, 11)
    assert issues["empty_product"].column == "product"


def test_a_mistyped_year_is_not_a_second_year(tmp_path):
    path = write(tmp_path / "x.csv", [*ROWS, "2099,MAR,252329,5"])
    (issue,) = refused(path)
    assert (issue.code, issue.value, issue.row) == ("future_year", "2099", 10)
    stray = write(tmp_path / "y.csv", [*ROWS * 10, "2012,MAR,252329,5"])
    (issue,) = refused(stray)
    assert (issue.code, issue.value, issue.other) == ("stray_year", "2012", "2020, 2021")
    assert refused(write(tmp_path / "z.csv", [*ROWS, "20x0,MAR,1,5"]))[0].code == "bad_year"


def test_lenient_drops_and_counts_the_bad_rows(tmp_path):
    rows = [*ROWS, "2020,MAR,252329,NA", "2020,,252329,5", "2099,MAR,252329,5", "2020,MAR,1,-3"]
    table = read_exports([write(tmp_path / "x.csv", rows)], lenient=True)
    clean = read_exports([write(tmp_path / "c.csv", ROWS)])
    assert table.report.dropped_rows == 4
    assert sorted(i.code for i in table.report.issues) == [
        "empty_country",
        "future_year",
        "negative_value",
        "not_a_number",
    ]
    assert table.value.tolist() == clean.value.tolist()
    assert sorted(set(table.year.tolist())) == [2020, 2021]


def test_number_forms_of_the_registry_import_are_read(tmp_path):
    thousands = write(tmp_path / "t.csv", ['2020,LBY,270900,"30,068"', '2020,TUN,1,"1,234.5"'])
    assert read_exports([thousands]).value.tolist() == [30068.0, 1234.5]
    semi = "year;country;product;value\n"
    comma = write(tmp_path / "d.csv", ["2020;LBY;270900;2,5", "2020;TUN;1;1.234,5"], header=semi)
    assert read_exports([comma]).value.tolist() == [2.5, 1234.5]


def test_a_column_mixing_both_commas_stops_even_when_lenient(tmp_path):
    path = write(
        tmp_path / "m.csv",
        ["2020;LBY;270900;30,068", "2020;TUN;1;2,5"],
        header=HEADER.replace(",", ";"),
    )
    with pytest.raises(TradeCheckError) as info:
        read_exports([path], lenient=True)
    (issue,) = info.value.issues
    assert (issue.code, issue.value, issue.other) == ("mixed_separators", "2,5", "30,068")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_encodings_are_detected(tmp_path, encoding):
    header = "year,country,product,value,name\n"
    rows = [f"{r},{'نفط' if i % 2 else 'إسمنت'}" for i, r in enumerate(ROWS)]
    table = read_exports([write(tmp_path / "e.csv", rows, header=header, encoding=encoding)])
    assert len(table) == 8
    assert table.report.encodings[str(tmp_path / "e.csv")] == encoding


def test_unreadable_files_never_show_duckdb_messages(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(Exception) as info:
        read_exports([path])
    assert "duckdb" not in str(info.value).lower()
    assert "read_csv" not in str(info.value)


def test_a_negative_cell_no_longer_changes_eci(tmp_path):
    """One negative cell used to move ECI; now it stops the read, or goes (lenient)."""
    rng = np.random.default_rng(3)
    rows = [
        f"2020,C{c:02d},{p:04d},{rng.integers(1, 1000) if rng.random() < 0.4 else 0}"
        for c in range(25)
        for p in range(1000, 1060)
    ]
    rows[7] = rows[7].rsplit(",", 1)[0] + ",0"
    bad = list(rows)
    bad[7] = bad[7].rsplit(",", 1)[0] + ",-500000"
    clean = read_exports([write(tmp_path / "clean.csv", rows)])
    path = write(tmp_path / "bad.csv", bad)
    assert refused(path)[0].code == "negative_value"
    lenient = read_exports([path], lenient=True)

    def eci(t):
        panel = complexity_panel(
            t.year, t.country_id, t.product_id, t.value, countries=t.countries, products=t.products
        )
        return dict(
            zip(panel.countries[panel.country["country"]], panel.country["eci"], strict=True)
        )

    a, b = eci(clean), eci(lenient)
    assert max(abs(a[c] - b[c]) for c in a) < 1e-9  # the cell is gone, not summed
    summed = clean.value.copy()
    summed[(clean.country == "C00") & (clean.product == "1007")] = -500000.0
    clean.value = summed  # what the reader used to do with it
    old = eci(clean)
    assert any(not abs(a[c] - old[c]) < 0.1 for c in a)  # moved (or NaN)


def test_the_bilateral_reader_checks_too(tmp_path):
    header = "t,i,j,k,v\n"
    rows = ["2020,434,251,270900,100", "2020,251,434,10129,7", "2099,434,251,270900,5"]
    path = write(tmp_path / "b.csv", rows, header=header)
    with pytest.raises(TradeCheckError) as info:
        read_bilateral_year([path], home="LBY")
    assert info.value.issues[0].code == "future_year"
    data = read_bilateral_year([path], home="LBY", lenient=True)
    assert data.year == 2020 and data.report.dropped_rows == 1
    assert dt.date.today().year < 2099


def test_arabic_digits_and_separators_are_read_as_the_registry_reads_them(tmp_path):
    """Issue 18 audit: ١٢٣٤, 1٬234 and 2٫5 were refused as not_a_number; the registry import
    (normalize.parse_decimal) reads them."""
    from ihya.core.ingest.normalize import parse_decimal

    cells = {"LBY": "١٢٣٤", "TUN": "1٬234", "EGY": "2٫5", "MAR": "\u200f٣٠"}
    rows = [f"٢٠٢٠,{c},270900,{v}" for c, v in cells.items()]
    table = read_exports([write(tmp_path / "ar.csv", rows)])
    got = dict(zip(table.country.tolist(), table.value.tolist(), strict=True))
    assert got == {c: float(parse_decimal(v)) for c, v in cells.items()}
    assert got == {"LBY": 1234.0, "TUN": 1234.0, "EGY": 2.5, "MAR": 30.0}
    assert table.year.tolist() == [2020] * 4 and not table.report.issues
