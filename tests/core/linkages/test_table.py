"""Reading input–output tables: the template (CSV or XLSX, Libyan input habits), pymrio folders,
and validation that names the row, the column and the reason."""

import numpy as np
import pytest

from ihya.core.linkages.pymrio_folder import read_pymrio, write_pymrio
from ihya.core.linkages.table import (
    TableError,
    read_template,
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
    np.testing.assert_allclose(back.compensation, table.compensation)  # type II survives
    assert back.final_demand == table.final_demand and back.households == table.households
    np.testing.assert_allclose(back.x, io.x.to_numpy().ravel())


def test_arabic_column_headers_as_documented(tmp_path):
    rows = ["الرمز,الاسم بالإنجليزية,الاسم بالعربية" + GOOD[0][len("code,name_en,name_ar") :]]
    table = read_template(two_sector(tmp_path, rows + GOOD[1:]))
    assert table.codes == ["A", "B"] and table.names_ar == ["الزراعة", "الصناعة"]


def issues_of(path):
    with pytest.raises(TableError) as err:
        read_template(path)
    return {(i.code, i.row, i.column) for i in err.value.issues}


def test_a_sector_without_its_row_is_not_taken_for_final_demand(tmp_path):
    rows = [
        "code,A,B,C,households",
        "A,150,500,100,250",
        "B,200,100,300,1400",
        "value_added,650,1400,600",
    ]
    assert ("value_added_in_final_demand", 4, "C") in issues_of(two_sector(tmp_path, rows))


def test_a_repeated_row_is_named(tmp_path):
    rows = [*GOOD, "value_added,,,600,1300"]
    assert ("duplicate_row", 7, "code") in issues_of(two_sector(tmp_path, rows))
    rows = [*GOOD[:2], GOOD[1], *GOOD[2:]]
    found = issues_of(two_sector(tmp_path, rows))
    assert ("duplicate_sector", 3, "code") in found
    assert not any(code == "label_mismatch" for code, _, _ in found)  # one cause, one report


def test_a_number_too_large_is_refused(tmp_path):
    rows = [GOOD[0], "A,Agriculture,الزراعة,1e400,500,300,50", *GOOD[2:]]
    assert ("not_finite", None, "Z") in issues_of(two_sector(tmp_path, rows))


def test_file_problems_keep_their_parameters(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    with pytest.raises(TableError) as err:
        read_template(path)
    assert err.value.issues[0].code == "old_excel_format"
    assert err.value.issues[0].params == {"file": "old.xls"}


@pytest.mark.parametrize(
    "damage",
    ["number", "no_z", "json", "ragged", "no_value_added"],
)
def test_a_damaged_pymrio_folder_is_a_clean_error(tmp_path, damage):
    folder = write_pymrio(demo_table(), tmp_path / "mrio", region="LBY")
    z = folder / "Z.txt"
    if damage == "number":
        z.write_text(z.read_text().replace("\t0.0", "\t1,5", 1))
    elif damage == "no_z":
        z.unlink()
    elif damage == "json":
        (folder / "file_parameters.json").write_text("{not json")
    elif damage == "ragged":
        lines = z.read_text().splitlines()
        lines[4] = lines[4].rsplit("\t", 3)[0]
        z.write_text("\n".join(lines) + "\n")
    else:
        f = folder / "factor_inputs" / "F.txt"
        f.write_text(
            "\n".join(
                line for line in f.read_text().splitlines() if not line.startswith("Value Added")
            )
        )
    with pytest.raises(TableError) as err:
        read_pymrio(folder)
    expected = "missing_row" if damage == "no_value_added" else "malformed_pymrio"
    assert [i.code for i in err.value.issues] == [expected]
