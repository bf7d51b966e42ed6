"""Issue 18, parts 1–2: the Atlas's filters (aggregates, uninhabited territories, residual codes,
population, exports), SITC codes read as SITC, retired country codes mapped."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from ihya.core.trade.filters import (
    FilterSpec,
    filter_table,
    is_residual,
    population_of,
    read_population,
    shipped_population,
)
from ihya.core.trade.sources import (
    country_labels,
    detect_classification,
    product_labels,
    read_exports,
)

DATA = Path(__file__).parents[2] / "data" / "trade" / "world_trade_sitc2_1998_2000.csv.gz"


def test_sitc_codes_are_kept_as_written_and_cut_by_prefix():
    codes = ["0019", "00111", "7810", "9710"]
    assert product_labels(codes, digits=None, hs=True, classification="sitc") == codes
    assert product_labels(codes, digits=4, hs=True, classification="sitc") == [
        "0019",
        "0011",
        "7810",
        "9710",
    ]
    # HS as before: the lost leading zero restored, 6 → 4 digits
    assert product_labels(["10121", "870323"], digits=None, hs=True) == ["010121", "870323"]
    assert product_labels(["10121", "870323"], digits=4, hs=True) == ["0101", "8703"]
    # … which would have turned 5-digit SITC into a wrong 6-digit code
    assert product_labels(["00111", "0019"], digits=None, hs=True) == ["000111", "000019"]


def test_classification_is_detected_only_when_unambiguous():
    assert detect_classification(["010121", "10121", "870323"]) == "hs"
    assert detect_classification(["00111", "0019", "7810"]) == "sitc"  # 5 digits, no 6
    assert detect_classification(["001", "7810"]) == "sitc"
    assert detect_classification(["0019", "7810"]) == "hs"  # 4 digits alone: the default


def test_residual_codes():
    assert [is_residual(c, "sitc") for c in ("9710", "9310", "9610", "7810", "0019")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert [is_residual(c, "hs") for c in ("9999", "999999", "7108", "710812", "7110")] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert not is_residual("9999", "other")


def test_retired_country_codes_are_mapped():
    got, unknown = country_labels(["ROM", "rom", "ZAR", "TMP", "SCG", "YUG", "891", "SUN", "LBY"])
    assert got == ["ROU", "ROU", "COD", "TLS", "SRB", "SRB", "SRB", "SUN", "LBY"]
    assert unknown == []


def test_the_shipped_population_is_the_world_bank_table():
    table = shipped_population()
    assert population_of(table, "LBY", 2000) == pytest.approx(5.2e6, rel=0.1)
    assert population_of(table, "ATA", 2000) is None
    assert population_of(table, "lby", 1998) == population_of(table, "LBY", 2000)  # nearest year


class _Table:
    def __init__(self, rows):
        y, c, p, v = zip(*rows, strict=True)
        self.countries, self.country_id = np.unique(c, return_inverse=True)
        self.products, self.product_id = np.unique(p, return_inverse=True)
        self.year, self.value = np.array(y), np.array(v, float)


def _filter(rows, **kw):
    from dataclasses import dataclass

    t = _Table(rows)

    @dataclass
    class T:
        year: np.ndarray
        country_id: np.ndarray
        product_id: np.ndarray
        value: np.ndarray
        countries: np.ndarray
        products: np.ndarray

    table = T(t.year, t.country_id, t.product_id, t.value, t.countries, t.products)
    kept, report, _ = filter_table(table, FilterSpec(**kw))
    return sorted(set(kept.countries[kept.country_id].tolist())), report.as_dict()


ROWS = [
    (2000, "AAA", "0101", 100.0),
    (2000, "BBB", "0101", 5.0),
    (2000, "WLD", "0101", 105.0),
    (2000, "ATA", "0101", 1.0),
    (2000, "AAA", "9999", 7.0),
]
PEOPLE = read_population("country,year,population\nAAA,2000,5000000\nBBB,2000,20000\n")


def test_every_row_left_out_is_counted_by_reason():
    kept, report = _filter(ROWS)
    assert kept == ["AAA", "BBB"]
    assert report["rows_in"] == 5 and report["rows_kept"] == 2
    assert {r: e["rows"] for r, e in report["left_out"].items()} == {
        "aggregate": 1,
        "uninhabited": 1,
        "residual_product": 1,
    }
    assert report["left_out"]["aggregate"]["codes"] == ["WLD"]
    assert report["left_out"]["residual_product"]["codes"] == ["9999"]
    kept, report = _filter(ROWS, keep_residual=True, keep_aggregates=True, keep_uninhabited=True)
    assert kept == ["AAA", "ATA", "BBB", "WLD"] and report["rows_kept"] == 5


def test_population_and_exports_thresholds():
    kept, report = _filter(ROWS, min_population=1e6, population=PEOPLE)
    assert kept == ["AAA"] and report["left_out"]["min_population"]["codes"] == ["BBB"]
    kept, report = _filter(ROWS, min_population=1e6, population={"BBB": {2000: 2e6}})
    assert kept == ["BBB"] and report["left_out"]["population_unknown"]["codes"] == ["AAA"]
    kept, report = _filter(ROWS, min_exports=50)
    assert kept == ["AAA"] and report["left_out"]["min_exports"]["rows"] == 1
    kept, _ = _filter(ROWS, min_exports=50, always_keep=frozenset({"BBB"}))  # the home country
    assert kept == ["AAA", "BBB"]


@pytest.fixture(scope="module")
def sitc_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("sitc") / "sitc.csv"
    with gzip.open(DATA, "rt", encoding="utf-8") as f, path.open("w") as out:
        out.write("year," + f.readline())
        for line in f:
            out.write("2000," + line)
    return path


def test_the_sitc_file_reads_as_sitc_with_mapped_codes(sitc_csv):
    table = read_exports([sitc_csv], classification="auto")
    assert table.classification == "hs"  # 4-digit codes alone: ambiguous, the default
    table = read_exports([sitc_csv], classification="sitc")
    assert table.classification == "sitc"
    assert "0019" in table.products.tolist() and table.products.size == 785
    countries = table.countries.tolist()
    assert {"ROU", "SRB"} <= set(countries) and not {"ROM", "SCG"} & set(countries)
