"""``ihya trade metrics|potential`` on bad input: a clear message in Arabic and English, exit 1,
nothing written; with --lenient the rows go, counted in run.json and printed."""

import json

from typer.testing import CliRunner

from ihya.cli import app

ROWS = "2020,LBY,270900,1200\n2020,TUN,252329,400\n2020,EGY,270900,800\n2020,EGY,252329,300\n"


def test_a_bad_value_stops_the_run_with_file_row_and_column(tmp_path):
    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n" + ROWS + "2020,MAR,252329,NA\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["trade", "metrics", str(path), "--out", str(out)])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert (
        f"{path}, column value: 1 value(s) that are not numbers, the first in row 6 (NA)." in text
    )
    assert "ليست أرقامًا" in text
    assert "--lenient" in text
    assert "duckdb" not in text.lower()
    assert not out.exists()


def test_lenient_counts_the_dropped_rows_in_run_json(tmp_path):
    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n" + ROWS + "2020,MAR,252329,-4\n2099,MAR,1,3\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["trade", "metrics", str(path), "--out", str(out), "--lenient"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "run.json").read_text())
    checks = manifest["input_checks"]
    assert checks["dropped_rows"] == 2
    assert {(i["code"], i["row"], i["count"]) for i in checks["issues"]} == {
        ("negative_value", 6, 1),
        ("future_year", 7, 1),
    }
    assert manifest["parameters"]["lenient"] is True
    assert "2 row(s) left out (--lenient)." in " ".join(result.output.split())
    assert manifest["parameters"]["years"] == [2020]


def test_potential_refuses_an_unreadable_encoding_in_a_sentence(tmp_path):
    path = tmp_path / "baci.csv"
    path.write_bytes(b"t,i,j,k,v\n2020,434,251,270900,100\n" + b"\x00\xff\xfe" * 3)
    result = CliRunner().invoke(
        app, ["trade", "potential", str(path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "duckdb" not in result.output.lower()
    assert not (tmp_path / "o").exists()
