"""Reading input–output tables: the template (CSV or XLSX, Libyan input habits), pymrio folders,
and validation that names the row, the column and the reason."""

import numpy as np
import pytest

from ihya.core.linkages.table import (
    TableError,
    read_pymrio,
    read_template,
    write_pymrio,
    write_template,
)
from ihya.demo.linkages import demo_table


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_demo_table_round_trips_through_the_template(tmp_path, suffix):
    table = demo_table()
    back = read_template(write_template(table, tmp_path / f"io.{suffix}"))
    np.testing.assert_allclose(back.Z, table.Z)
    np.testing.assert_allclose(back.Y, table.Y)
    np.testing.assert_allclose(back.employment, table.employment)
    assert back.names_ar[2] == "النفط الخام والغاز الطبيعي" and back.households == 0
    assert back.final_demand == ["households", "government", "investment", "exports"]


def two_sector(tmp_path, rows, encoding="utf-8"):
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n", encoding=encoding)
    return path


GOOD = [
    "code,name_en,name_ar,A,B,households,exports",
    "A,Agriculture,الزراعة,150,500,300,50",
    "B,Industry,الصناعة,200,100,1000,700",
    "value_added,,,600,1300",
    "imports,,,50,100",
    "employment,,,40,25",
]


def test_arabic_digits_and_windows_1256_are_normal_input(tmp_path):
    rows = [r.replace("150", "١٥٠").replace("1300", '"١٬٣٠٠"') for r in GOOD]
    table = read_template(two_sector(tmp_path, rows))
    assert table.Z[0, 0] == 150 and table.value_added[1] == 1300
    np.testing.assert_allclose(table.x, [1000, 2000])
    windows = read_template(two_sector(tmp_path, GOOD, encoding="cp1256"))
    assert windows.names_ar == ["الزراعة", "الصناعة"]


def test_every_problem_is_reported_with_its_row_and_column(tmp_path):
    rows = list(GOOD)
    rows[1] = "A,Agriculture,الزراعة,-150,500,300,50"  # negative flow, and A no longer balances
    rows[2] = "B,Industry,الصناعة,200,abc,1000,700"
    with pytest.raises(TableError) as err:
        read_template(two_sector(tmp_path, rows))
    found = {(i.code, i.row, i.column) for i in err.value.issues}
    assert ("not_a_number", 3, "B") in found
    with pytest.raises(TableError) as err:
        read_template(
            two_sector(tmp_path, [rows[0], rows[1], GOOD[2], "value_added,,,600,1400", *GOOD[4:]])
        )
    found = {(i.code, i.row, i.column) for i in err.value.issues}
    assert ("negative_flow", 2, "A") in found and ("unbalanced", 3, "B") in found
    unbalanced = next(i for i in err.value.issues if i.code == "unbalanced")
    assert (
        unbalanced.params["outputs"] == "2,000.000" and unbalanced.params["inputs"] == "2,100.000"
    )


def test_column_labels_must_match_the_sectors(tmp_path):
    rows = list(GOOD)
    rows[0] = "code,name_en,name_ar,B,A,households,exports"
    with pytest.raises(TableError) as err:
        read_template(two_sector(tmp_path, rows))
    assert err.value.issues[0].code == "label_mismatch" and err.value.issues[0].params == {
        "expected": "A"
    }


def test_pymrio_folders_round_trip(tmp_path):
    pymrio = pytest.importorskip("pymrio")
    table = demo_table()
    folder = write_pymrio(table, tmp_path / "demo_mrio", region="LBY")
    io = pymrio.load_all(folder)
    np.testing.assert_allclose(io.Z.to_numpy(), table.Z)
    np.testing.assert_allclose(io.factor_inputs.F.loc["Value Added"].to_numpy(), table.value_added)
    np.testing.assert_allclose(io.employment.F.to_numpy().sum(axis=0), table.employment)
    io.calc_all()
    back = read_pymrio(folder)
    assert back.codes == table.codes
    np.testing.assert_allclose(back.imports, table.imports)
    np.testing.assert_allclose(back.x, io.x.to_numpy().ravel())
