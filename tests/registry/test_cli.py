"""The ``ihya`` command as users and scripts call it: exit codes, output files, filters."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.registry.models import Factory
from tests.conftest import run_ihya, scratch_count

runner = CliRunner()
HEADER = "factory_id,name_ar,name_en,municipality,isic,ownership,status,stalled_since,employees_now,employees_before,design_capacity,capacity_unit,utilisation_pct"


def factories_csv(path, n, bad_row=None):
    """n factory rows; ``bad_row`` (1-based data row) gets an unknown municipality."""
    lines = [HEADER]
    for i in range(1, n + 1):
        place = "Atlantis" if i == bad_row else ("Misrata" if i % 2 else "بنغازي")
        lines.append(
            f"F{i:06d},مصنع {i},Factory {i},{place},2394,public,stalled,01/03/2019,"
            f"{i % 50},{100 + i % 400},{1000 + i},t/year,0"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_usage_errors_exit_with_2(tmp_path):
    assert runner.invoke(app, ["import", "machines", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["import", "factories", str(tmp_path / "missing.csv")]).exit_code == 2
    assert runner.invoke(app, ["factories", "list", "--sort", "colour"]).exit_code == 2


@pytest.mark.django_db
def test_import_exit_codes_and_dry_run(tmp_path):
    good = factories_csv(tmp_path / "good.csv", 3)
    result = runner.invoke(app, ["import", "factories", str(good), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert Factory.objects.count() == 0
    result = runner.invoke(app, ["import", "factories", str(good)])
    assert result.exit_code == 0, result.output
    assert "created 3" in result.stdout
    from ihya.audit.models import AuditEntry

    summary = AuditEntry.objects.get(entity="registry.import")
    assert summary.note.startswith("good.csv sha256:") and summary.actor_name.startswith("cli")
    bad = factories_csv(tmp_path / "bad.csv", 3, bad_row=2)
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", "factories", str(bad), "--report", str(report)])
    assert result.exit_code == 1
    assert "Atlantis" in result.output and report.exists()


@pytest.mark.django_db
@pytest.mark.slow
def test_one_bad_row_among_10000_writes_nothing_and_is_named(tmp_path):
    path = factories_csv(tmp_path / "big.csv", 10_000, bad_row=7_321)
    result = runner.invoke(app, ["import", "factories", str(path)])
    assert result.exit_code == 1
    assert Factory.objects.count() == 0
    assert "7322" in result.output  # data row 7,321 is spreadsheet row 7,322 (header is row 1)
    assert "Atlantis" in result.output
    assert "1 error(s)" in result.output


@pytest.mark.django_db
def test_list_show_summary_and_export(demo, tmp_path):
    result = runner.invoke(
        app,
        [
            "factories",
            "list",
            "--status",
            "stalled",
            "--municipality",
            "misrata",
            "--format",
            "json",
            "--limit",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    expected = Factory.objects.filter(status="stalled", municipality__code="misrata").count()
    assert len(rows) == expected > 0
    assert {r["status"] for r in rows} == {"stalled"}
    result = runner.invoke(
        app,
        [
            "factories",
            "list",
            "--isic",
            "2394",
            "--format",
            "csv",
            "--sort",
            "-jobs_lost",
            "--limit",
            "3",
        ],
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("factory_id,name,municipality,isic")
    assert len(lines) == 4 and all(",2394," in line for line in lines[1:])
    shown = runner.invoke(app, ["factories", "show", "DEMO-0001", "--format", "json"])
    data = json.loads(shown.stdout)
    assert data["factory_id"] == "DEMO-0001" and data["products"]
    assert runner.invoke(app, ["factories", "show", "NOPE"]).exit_code == 1
    summary = runner.invoke(app, ["factories", "summary", "--lang", "en"])
    assert "400 factories" in summary.stdout
    out = tmp_path / "registry.xlsx"
    exported = runner.invoke(app, ["export", str(out)])
    assert exported.exit_code == 0 and out.exists()
    one = runner.invoke(
        app, ["export", str(tmp_path / "f.csv"), "--entity", "factories", "--headers", "ar"]
    )
    assert one.exit_code == 0
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").startswith("رمز المنشأة,")
    assert runner.invoke(app, ["export", str(tmp_path / "all.csv")]).exit_code == 2


@pytest.mark.slow
def test_killing_an_import_midway_leaves_the_database_unchanged(scratch_database, tmp_path):
    env = scratch_database
    run_ihya(env, "import", "factories", str(factories_csv(tmp_path / "first.csv", 50)))
    before = scratch_count(env, "select count(*) from registry_factory")
    assert before == 50
    big = factories_csv(tmp_path / "big.csv", 40_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ihya.cli", "import", "factories", str(big)],
        env={**env, "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    seen = ""
    while "writing factories" not in seen and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen += line
    assert "writing factories" in seen, seen
    time.sleep(0.3)  # well inside the bulk write of 40,000 rows
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert scratch_count(env, "select count(*) from registry_factory") == before
    assert scratch_count(env, "select count(*) from registry_statuschange") == before
    # and the same file imports completely afterwards
    run_ihya(env, "import", "factories", str(big))
    assert scratch_count(env, "select count(*) from registry_factory") == 40_000


def test_db_upgrade_is_repeatable(scratch_database):
    again = run_ihya(scratch_database, "db", "upgrade")
    assert "bodies 0, municipalities 0, isic 0, hs 0, causes 0" in again.stdout
