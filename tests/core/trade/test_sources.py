"""Reading trade files: BACI layout, numeric and alpha codes, lost leading zeros, mappings."""

import duckdb
import numpy as np
import pytest

from ihya.core.trade.sources import Columns, TradeInputError, read_bilateral_year, read_exports

BACI_ROWS = [
    # t, i, j, k, v, q
    (2020, 434, 251, 270900, 100.0, 1.0),
    (2020, 434, 842, 270900, 50.0, 1.0),
    (2020, 434, 251, 10121, 2.5, 1.0),  # HS 010121 without its leading zero
    (2020, 251, 434, 10129, 7.0, 1.0),
    (2020, 842, 251, 270900, 30.0, 1.0),
    (2020, 999, 251, 270900, 1.0, 1.0),  # an unknown numeric code
    (2021, 434, 251, 270900, 120.0, 1.0),
]


def write_baci(path, rows=BACI_ROWS):
    path.write_text("t,i,j,k,v,q\n" + "\n".join(",".join(str(x) for x in r) for r in rows) + "\n")
    return path


def test_it_reads_baci_and_maps_codes(tmp_path):
    table = read_exports([write_baci(tmp_path / "BACI_Y2020.csv")])
    assert table.layout == "bilateral"
    rows = list(
        zip(
            table.year.tolist(),
            table.country.tolist(),
            table.product.tolist(),
            table.value.tolist(),
            strict=True,
        )
    )
    assert (2020, "LBY", "270900", 150.0) in rows  # summed over importers
    assert (2020, "LBY", "010121", 2.5) in rows  # leading zero restored
    assert (2020, "FRA", "010129", 7.0) in rows  # UN Comtrade's 251 is France
    assert (2021, "LBY", "270900", 120.0) in rows
    assert table.unknown_countries == ["999"]


def test_it_cuts_codes_to_four_digits_and_aggregates(tmp_path):
    table = read_exports([write_baci(tmp_path / "b.csv")], digits=4, years=[2020])
    rows = set(
        zip(table.country.tolist(), table.product.tolist(), table.value.tolist(), strict=True)
    )
    assert ("LBY", "0101", 2.5) in rows and ("FRA", "0101", 7.0) in rows
    assert set(table.year.tolist()) == {2020}


def test_parquet_reads_the_same_as_csv(tmp_path):
    csv_path = write_baci(tmp_path / "b.csv")
    pq = tmp_path / "b.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{pq}' (FORMAT parquet)")
    a, b = read_exports([csv_path]), read_exports([pq])
    for col in ("year", "country", "product", "value"):
        assert getattr(a, col).tolist() == getattr(b, col).tolist()


def test_it_reads_other_layouts_through_a_column_mapping(tmp_path):
    path = tmp_path / "exports.csv"
    path.write_text("Jahr;Land;Ware;Wert\n2019;lby;2709;10\n2019;TUN;1509;4\n2019;lby;2709;5\n")
    table = read_exports(
        [path], columns=Columns(year="Jahr", country="Land", product="Ware", value="Wert")
    )
    assert table.layout == "exports"
    assert table.country.tolist() == ["LBY", "TUN"] and table.value.tolist() == [15.0, 4.0]


def test_it_names_the_missing_columns(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(
        TradeInputError, match="cannot tell which column holds: year, country, product, value"
    ):
        read_exports([path])
    with pytest.raises(TradeInputError, match=r"column 'Year' .* is not in the file"):
        read_exports([path], columns=Columns(year="Year"))
    with pytest.raises(TradeInputError, match="no file matches"):
        read_exports([str(tmp_path / "nothing*.csv")])


def test_it_reads_one_bilateral_year_for_export_potential(tmp_path):
    data = read_bilateral_year([write_baci(tmp_path / "b.csv")], home="LBY", year=2020)
    assert data.year == 2020 and data.home == "LBY"
    home = dict(
        zip(
            zip(
                data.home_bilateral.country.tolist(),
                data.home_bilateral.product.tolist(),
                strict=True,
            ),
            data.home_bilateral.value.tolist(),
            strict=True,
        )
    )
    assert home == {("FRA", "010121"): 2.5, ("FRA", "270900"): 100.0, ("USA", "270900"): 50.0}
    imports = dict(
        zip(
            zip(data.imports.country.tolist(), data.imports.product.tolist(), strict=True),
            data.imports.value.tolist(),
            strict=True,
        )
    )
    assert imports[("FRA", "270900")] == 131.0
    latest = read_bilateral_year([write_baci(tmp_path / "b.csv")], home="434")
    assert (
        latest.year == 2021
        and latest.home == "LBY"
        and np.isclose(latest.home_bilateral.value.sum(), 120.0)
    )


def test_export_potential_needs_bilateral_flows(tmp_path):
    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n2019,LBY,2709,10\n")
    with pytest.raises(TradeInputError, match="needs bilateral flows"):
        read_bilateral_year([path], home="LBY")
