"""``ihya trade metrics|potential`` on bad input: a clear message in Arabic and English, exit 1,
nothing written; with --lenient the rows go, counted in run.json and printed."""

import json

import pytest
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


def _ihya(args, tmp_path):
    """The real command in a fresh process: no pytest-django, no DJANGO_SETTINGS_MODULE."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import ihya

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["IHYA_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(Path(ihya.__file__).parents[1])
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "ihya.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_real_command_refuses_an_na_cell_in_both_languages_and_writes_nothing(tmp_path):
    """Issue 18 audit: outside pytest-django, Django was never set up and the message ended in
    ImproperlyConfigured; with --lenient the tables were written before the crash."""
    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n" + ROWS + "2020,MAR,252329,NA\n")
    for extra in ([], ["--lenient"]):
        out = tmp_path / "out" / "metrics"
        done = _ihya(["trade", "metrics", str(path), "--out", str(out), *extra], tmp_path)
        if extra:  # lenient: one row left out, every file written
            assert done.returncode == 0, done.stderr
            assert sorted(p.name for p in out.iterdir())[-1] == "run.json"
            assert not [p for p in out.parent.iterdir() if p.name != "metrics"]  # no leftovers
            continue
        assert done.returncode == 1, done.stderr
        text = " ".join(done.stderr.split())
        assert "Traceback" not in done.stderr and "Improperly" not in done.stderr
        assert f"{path}, column value: 1 value(s) that are not numbers, the first in row 6" in text
        assert f"{path}، العمود value: 1 قيمة ليست أرقامًا، أولها في الصف 6 (NA)." in text
        assert not (tmp_path / "out").exists()


def test_nothing_is_written_when_the_writing_fails_halfway(tmp_path, monkeypatch):
    from ihya.trade import services

    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n" + ROWS)
    calls = []

    def failing(data, out_dir, name, **kw):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(data, out_dir, name, **kw)

    original = services.write_table
    monkeypatch.setattr(services, "write_table", failing)
    out = tmp_path / "new" / "out"
    with pytest.raises(OSError):
        services.trade_metrics_files(inputs=[path], out_dir=out)
    assert calls and not (tmp_path / "new").exists()
    # an existing folder keeps its files until a run succeeds, then gets the new ones
    out.mkdir(parents=True)
    (out / "country.csv").write_text("old")
    calls.clear()
    with pytest.raises(OSError):
        services.trade_metrics_files(inputs=[path], out_dir=out)
    assert [p.name for p in out.parent.iterdir()] == ["out"]
    assert [p.read_text() for p in out.iterdir()] == ["old"]
    monkeypatch.setattr(services, "write_table", original)
    services.trade_metrics_files(inputs=[path], out_dir=out)
    assert (out / "country.csv").read_text() != "old" and (out / "run.json").exists()


@pytest.mark.parametrize("command", ["metrics", "potential"])
def test_a_header_without_rows_is_refused_in_a_sentence(tmp_path, command):
    path = tmp_path / "empty.csv"
    path.write_text("t,i,j,k,v\n" if command == "potential" else "year,country,product,value\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["trade", command, str(path), "--out", str(out)])
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert f"{path} holds no rows to analyse: a header and no data." in text
    assert f"لا يحوي {path} صفوفًا للتحليل: ترويسة بلا بيانات." in text
    assert "Binder" not in text and "--lenient" not in text
    assert not out.exists()


def test_lenient_leaving_out_every_row_is_refused_with_the_reasons(tmp_path):
    path = tmp_path / "exports.csv"
    path.write_text("year,country,product,value\n2020,LBY,270900,NA\n2020,TUN,1,-3\n2020,EGY,1,\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["trade", "metrics", str(path), "--out", str(out), "--lenient"]
    )
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "1 value(s) that are not numbers, the first in row 2 (NA)" in text
    assert "1 negative value(s), the first in row 3" in text
    assert "1 blank value(s), the first in row 4" in text
    assert f"No rows left to analyse in {path}: all 3 row(s) were left out by the checks" in text
    assert f"لم يبقَ صف للتحليل في {path}: تركت الفحوص أعلاه الصفوف الـ3 كلها." in text
    assert "Binder" not in text and not out.exists()
    # the years asked for can leave nothing too
    path.write_text("year,country,product,value\n" + ROWS)
    result = CliRunner().invoke(
        app, ["trade", "metrics", str(path), "--out", str(out), "--years", "2019"]
    )
    assert result.exit_code == 1 and "No rows left to analyse: the years asked for" in " ".join(
        result.output.split()
    )
    assert not out.exists()


@pytest.mark.django_db
def test_trade_run_on_bad_input_leaves_no_run_row_and_no_folder(tmp_path, settings):
    """Issue 18 audit: 'Nothing was written' but a failed TradeRun row stayed behind."""
    from ihya.trade.models import TradeRun

    settings.IHYA_HOME = str(tmp_path / "home")
    path = tmp_path / "baci.csv"
    path.write_text("t,i,j,k,v\n2020,LBY,TUN,270900,100\n2020,TUN,LBY,252329,NA\n")
    before = TradeRun.objects.count()
    result = CliRunner().invoke(app, ["trade", "run", str(path), "--home", "LBY"])
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "not numbers, the first in row 3 (NA)" in text and "Nothing was written" in text
    assert TradeRun.objects.count() == before
    runs = tmp_path / "home" / "trade" / "runs"
    assert not runs.exists() or not any(runs.iterdir())


def test_a_file_the_readers_refuse_is_said_in_both_languages(tmp_path):
    """The readers' own refusals (no such file, columns it cannot tell, a year with no flows,
    exports only where flows are needed): a sentence in Arabic and English, nothing written."""
    out = tmp_path / "out"
    missing = tmp_path / "nowhere.csv"
    cases = []
    oddly = tmp_path / "odd.csv"
    oddly.write_text("a,b,c,d\n2020,LBY,270900,1200\n")
    exports = tmp_path / "exports.csv"
    exports.write_text("year,country,product,value\n" + ROWS)
    cases = [
        (["metrics", str(missing)], f"File not found: {missing}.", f"الملف غير موجود: {missing}."),
        (
            ["metrics", str(oddly)],
            "Cannot tell which column holds: year, country, product, value; "
            "the file's columns are: a, b, c, d.",
            "تعذّر تحديد العمود الذي يحمل: year, country, product, value؛ أعمدة الملف هي: a, b, c, d.",
        ),
        (
            ["potential", str(exports)],
            "Export potential needs bilateral flows",
            "إمكانات التصدير تحتاج إلى تدفقات ثنائية",
        ),
    ]
    for args, english, arabic in cases:
        result = CliRunner().invoke(app, ["trade", *args, "--out", str(out)])
        assert result.exit_code == 1, result.output
        text = " ".join(result.output.split())
        assert english in text and arabic in text, text
        assert "Traceback" not in text
        assert not out.exists()
