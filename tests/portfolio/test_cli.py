"""`ihya portfolio …` as an analyst runs it: the named files and columns, exit codes, messages."""

import csv
import json
import os

import pytest

from tests.conftest import run_ihya


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "IHYA_HOME": str(tmp_path / "home")}


@pytest.fixture
def instance(tmp_path, env):
    folder = tmp_path / "inst"
    run_ihya(env, "portfolio", "generate", "--out", str(folder), "--factories", "80",
             "--requirements", "150", "--hub", "--seed", "3")  # fmt: skip
    return folder


def rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_solve_writes_the_named_result_files(instance, tmp_path, env):
    out = tmp_path / "result"
    proc = run_ihya(env, "portfolio", "solve", str(instance), "--out", str(out), "--gap", "0")
    assert "optimal" in proc.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["gap"] == 0
    assert summary["objective"] >= summary["greedy_objective"]
    for key in ("status", "objective", "bound", "gap", "seconds"):
        assert key in summary
    selected = rows(out / "selected_factories.csv")
    assert list(selected[0])[:3] == ["factory_id", "option", "benefit"]
    assert sum(float(r["benefit"]) for r in selected) == pytest.approx(summary["objective"])
    funded = rows(out / "funded_requirements.csv")
    assert list(funded[0]) == [
        "requirement_id",
        "cost_y1",
        "cost_y2",
        "cost_y3",
        "factories",
        "unlocks",
    ]
    # every chosen factory's requirements are funded; each funded one unlocks a chosen factory
    ids = {r["requirement_id"] for r in funded}
    assert all(set(r["requirements"].split(";")) <= ids for r in selected)
    assert all(int(r["factories"]) >= 1 for r in funded)


def test_an_infeasible_instance_exits_3_and_says_why_in_the_chosen_language(
    instance, tmp_path, env
):
    (instance / "decisions.csv").write_text("factory_id,decision\nF00001,include\nF00002,include\n")
    (instance / "budgets.csv").write_text("year,budget\n1,0.001\n2,\n3,\n")
    out = tmp_path / "result"
    proc = run_ihya(env, "portfolio", "solve", str(instance), "--out", str(out), check=False)
    assert proc.returncode == 3
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "infeasible"
    (sentence,) = summary["explanation"]
    assert "year-1 budget" in sentence and "F00001, F00002" in sentence
    assert rows(out / "selected_factories.csv") == []
    proc = run_ihya(env, "portfolio", "solve", str(instance), "--out", str(out), "--lang", "ar",
                    check=False)  # fmt: skip
    assert "ميزانية السنة 1" in json.loads((out / "summary.json").read_text())["explanation"][0]


def test_bad_files_are_reported_row_by_row_and_nothing_is_written(instance, tmp_path, env):
    text = (instance / "factories.csv").read_text().splitlines()
    text[1] = text[1].replace(text[1].split(",")[3], "abc", 1)
    (instance / "factories.csv").write_text("\n".join(text) + "\n")
    out = tmp_path / "result"
    proc = run_ihya(env, "portfolio", "solve", str(instance), "--out", str(out), check=False)
    assert proc.returncode == 1
    assert "factories.csv row 2 column benefit" in proc.stderr and "not a number" in proc.stderr
    assert not out.exists()


def test_curve_frontier_and_cheapest(instance, tmp_path, env):
    curve = tmp_path / "curve.csv"
    run_ihya(env, "portfolio", "curve", str(instance), "--out", str(curve), "--points", "4")
    points = rows(curve)
    assert [float(p["factor"]) for p in points] == [0.25, 0.833333, 1.416667, 2.0]
    assert list(points[0])[:6] == [
        "factor",
        "budget_total",
        "status",
        "objective",
        "greedy_objective",
        "factories",
    ]
    values = [float(p["objective"]) for p in points]
    assert values == sorted(values)
    frontier = tmp_path / "frontier.csv"
    run_ihya(env, "portfolio", "frontier", str(instance), "--x", "jobs", "--y", "exports",
             "--points", "4", "--out", str(frontier))  # fmt: skip
    front = rows(frontier)
    assert list(front[0]) == ["epsilon", "jobs", "exports", "status", "factories", "dominated"]
    assert [float(p["exports"]) for p in front] == sorted(
        (float(p["exports"]) for p in front), reverse=True
    )
    out = tmp_path / "cheap"
    run_ihya(
        env, "portfolio", "cheapest", str(instance), "--target", "jobs=2000", "--out", str(out)
    )
    selected = rows(out / "selected_factories.csv")
    assert sum(float(r["jobs"]) for r in selected) >= 2000


def test_a_saved_scenario_is_listed_and_solved_from_the_command_line(scratch_database):
    env = {**scratch_database, "COLUMNS": "200"}  # a wide terminal: names on one line
    run_ihya(env, "demo", "load", "--factories", "40", "--no-trade", "--no-linkages", "--no-plan")
    listed = run_ihya(env, "portfolio", "scenarios").stdout
    assert "Balanced (demo)" in listed and "Jobs first (demo)" in listed
    proc = run_ihya(env, "portfolio", "run", "Jobs first (demo)")
    assert "status" in proc.stdout and ("optimal" in proc.stdout or "gap_reached" in proc.stdout)
    missing = run_ihya(env, "portfolio", "run", "nope", check=False)
    assert missing.returncode == 2
