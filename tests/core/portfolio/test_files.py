"""The instance folder: every optional file read as documented, bad input reported row by row."""

import json

import numpy as np
import pytest

from ihya.core.portfolio.files import read_instance, write_instance, write_result
from ihya.core.portfolio.generate import generate
from ihya.core.portfolio.instance import PortfolioInputError
from ihya.core.portfolio.model import Settings, build, solve
from ihya.core.portfolio.questions import optimise

from .reference import brute_force, violations

EXACT = Settings(time_limit=60, gap=0.0)


def write(folder, name, text, encoding="utf-8"):
    (folder / f"{name}.csv").write_bytes(text.encode(encoding))


@pytest.fixture
def folder(tmp_path):
    """A small instance with every optional file: options, a regional power limit, a
    foreign-currency budget, decisions and a regional minimum."""
    write(
        tmp_path,
        "factories",
        "factory_id,option,region,benefit,jobs,cost_y1,cost_y2,power_mw\n"
        "CEM,full,west,10,200,1,1,30\n"
        "CEM,minimal,west,6,120,0.5,0,10\n"
        "OIL,,south,7,90,0,0.5,5\n"
        "STEEL,,west,9,300,2,2,40\n"
        "GLASS,,east,4,60,0,0,8\n",
        "utf-8-sig",  # a BOM, as Excel writes it
    )
    write(
        tmp_path,
        "requirements",
        "requirement_id,cost_y1,cost_y2,fx_y1,fx_y2\n"
        "SUB,3,2,2,1\nGAS,1,1,0,0\nPORT,2,0,1,0\nSPARE,0.5,0.5,0.5,0.5\n",
    )
    write(
        tmp_path,
        "links",
        "factory_id,requirement_id,option\n"
        "CEM,SUB,full\nCEM,GAS,\nSTEEL,SUB,\nOIL,PORT,\nGLASS,SPARE,\n",
    )
    write(tmp_path, "budgets", "year,budget\n2027,7\n2028,5\n")
    write(
        tmp_path,
        "resources",
        "resource,capacity,year,region\nfx,2.5,2027,\nfx,2,2028,\npower_mw,60,,west\n",
    )
    write(tmp_path, "decisions", "factory_id,decision\nGLASS,exclude\n")
    write(tmp_path, "regions", "region,min_share,measure\nsouth,20,factories\n")
    return tmp_path


def test_every_file_is_read_as_documented(folder):
    inst = read_instance(folder)
    assert inst.factory_ids == ["CEM", "OIL", "STEEL", "GLASS"]
    assert inst.option_names == ["full", "minimal", "", "", ""]
    assert inst.years == [1, 2]  # calendar years map to plan years in order
    assert sorted(inst.values) == ["benefit", "jobs"]
    labels = [limit.label for limit in inst.limits]
    assert labels == [
        "budget year 1",
        "budget year 2",
        "fx year 1",
        "fx year 2",
        "power_mw (west)",
    ]
    power = inst.limits[-1]
    np.testing.assert_allclose(power.option_use, [30, 10, 0, 40, 0])  # OIL is in the south
    # a link without an option applies to every option of the factory
    links = {(inst.option_label(o), inst.requirement_ids[r]) for o, r in inst.links}
    assert ("CEM (minimal)", "GAS") in links and ("CEM (full)", "GAS") in links
    assert ("CEM (minimal)", "SUB") not in links
    assert inst.exclude == frozenset({3})
    assert inst.region_minimums[0].share == pytest.approx(0.2)  # 20 read as a percentage
    result = solve(build(inst), EXACT)
    assert result.objective == pytest.approx(brute_force(inst))
    assert (
        violations(inst, result.portfolio.option_chosen, result.portfolio.requirement_funded) == []
    )


def test_writing_and_reading_back_gives_the_same_model(tmp_path):
    inst = generate(60, 120, options=True, seed=4)
    write_instance(inst, tmp_path / "inst")
    again = read_instance(tmp_path / "inst")
    assert again.factory_ids == inst.factory_ids
    np.testing.assert_allclose(again.requirement_cost, inst.requirement_cost)
    assert {tuple(x) for x in again.links} == {tuple(x) for x in inst.links}
    one = solve(build(inst), Settings(gap=0.0))
    two = solve(build(again), Settings(gap=0.0))
    assert one.objective == pytest.approx(two.objective, rel=1e-12)


def test_the_result_files_have_the_named_columns(folder, tmp_path):
    inst = read_instance(folder)
    result = optimise(inst, settings=EXACT)
    summary = write_result(inst, result, tmp_path / "out")
    head = (tmp_path / "out/selected_factories.csv").read_text().splitlines()[0]
    assert head == "factory_id,option,benefit,jobs,own_cost_y1,own_cost_y2,requirements"
    head = (tmp_path / "out/funded_requirements.csv").read_text().splitlines()[0]
    assert head == "requirement_id,cost_y1,cost_y2,factories,unlocks"
    stored = json.loads((tmp_path / "out/summary.json").read_text())
    assert stored == json.loads(json.dumps(summary))
    for key in ("status", "objective", "bound", "gap", "seconds", "greedy_objective"):
        assert key in stored
    assert stored["status"] == "optimal" and stored["gap"] == 0


def test_bad_input_is_reported_with_file_row_and_column(folder):
    write(
        folder,
        "factories",
        "factory_id,benefit,cost_y1\nأسمنت,12,abc\nأسمنت,3,1\nB,,-2\n",
        "cp1256",  # Windows Arabic, as old Excel saves it
    )
    write(folder, "budgets", "year,budget\n١,٧\n٢,٥\n")  # Arabic-Indic digits are fine
    write(folder, "links", "factory_id,requirement_id\nأسمنت,NOPE\nZ,SUB\n")
    write(folder, "decisions", "factory_id,decision\nأسمنت,maybe\n")
    with pytest.raises(PortfolioInputError) as err:
        read_instance(folder)
    found = {(i.file, i.row, i.column, i.code) for i in err.value.issues}
    assert ("factories.csv", 2, "cost_y1", "not_a_number") in found
    assert ("factories.csv", 3, "factory_id", "duplicate") in found
    assert ("factories.csv", 4, "benefit", "missing_value") in found
    assert ("factories.csv", 4, "cost_y1", "negative") in found
    assert ("links.csv", 2, "requirement_id", "unknown_requirement") in found
    assert ("links.csv", 3, "factory_id", "unknown_factory") in found
    assert ("decisions.csv", 2, "decision", "bad_decision") in found
    assert not any(i.row == 2 and i.column == "benefit" for i in err.value.issues)


def test_a_missing_file_or_column_is_named(tmp_path):
    write(tmp_path, "factories", "factory_id\nA\n")
    with pytest.raises(PortfolioInputError) as err:
        read_instance(tmp_path)
    codes = {(i.file, i.code, i.column) for i in err.value.issues}
    assert ("factories.csv", "missing_column", "benefit") in codes
    assert ("requirements.csv", "missing_file", "") in codes


def test_a_full_instance_round_trips_with_its_resources_regions_and_decisions(folder, tmp_path):
    write(
        folder,
        "requirements",
        "requirement_id,region,cost_y1,cost_y2,fx_y1,fx_y2,power_mw\n"
        "SUB,west,3,2,2,1,7\nGAS,south,1,1,0,0,0\nPORT,,2,0,1,0,0\nSPARE,,0.5,0.5,0.5,0.5,0\n",
    )
    inst = read_instance(folder)
    np.testing.assert_allclose(inst.limits[-1].requirement_use, [7, 0, 0, 0])
    write_instance(inst, tmp_path / "again")
    again = read_instance(tmp_path / "again")
    assert [limit.label for limit in again.limits] == [limit.label for limit in inst.limits]
    for a, b in zip(inst.limits, again.limits, strict=True):
        np.testing.assert_allclose(a.option_use, b.option_use)
        np.testing.assert_allclose(a.requirement_use, b.requirement_use)
        assert a.capacity == b.capacity
    assert again.exclude == inst.exclude and again.region_minimums == inst.region_minimums
    one, two = solve(build(inst), EXACT), solve(build(again), EXACT)
    assert one.objective == pytest.approx(two.objective)


def test_calendar_years_count_from_the_first_and_a_missing_year_is_unlimited(folder):
    write(
        folder,
        "requirements",
        "requirement_id,cost_y1,cost_y2,cost_y3,fx_y1,fx_y2\n"
        "SUB,3,2,1,2,1\nGAS,1,1,0,0,0\nPORT,2,0,0,1,0\nSPARE,0.5,0.5,0,0.5,0.5\n",
    )
    write(folder, "budgets", "year,budget\n2027,7\n2029,5\n")
    write(folder, "resources", "resource,capacity,year\nfx,2.5,2027\n")
    inst = read_instance(folder)
    budgets = {limit.year: limit.capacity for limit in inst.limits if limit.kind == "budget"}
    assert budgets == {1: 7.0, 3: 5.0} and inst.years == [1, 2, 3]


def test_headers_and_resources_that_would_be_misread_are_refused(folder, tmp_path):
    write(
        folder,
        "resources",
        "resource,capacity,year,region\nstaff,5,,\npower_mw,60,,West\nbenefit,3,,\nfx,2,1.5,\nfx,2,1e400,\n",
    )
    with pytest.raises(PortfolioInputError) as err:
        read_instance(folder)
    found = {(i.file, i.row, i.code) for i in err.value.issues}
    assert ("resources.csv", 2, "missing_column") in found  # no staff column anywhere
    assert ("resources.csv", 3, "unknown_region") in found  # West is not west
    assert ("resources.csv", 4, "reserved_name") in found
    assert ("resources.csv", 5, "bad_year") in found and ("resources.csv", 6, "bad_year") in found
    (folder / "resources.csv").unlink()
    write(folder, "requirements", "requirement_id,cost_y01\nSUB,2\nGAS,1\nPORT,1\nSPARE,1\n")
    with pytest.raises(PortfolioInputError) as err:
        read_instance(folder)  # cost_y01 would otherwise be read as no cost at all
    assert ("requirements.csv", "bad_cost_column", "cost_y01") in {
        (i.file, i.code, i.column) for i in err.value.issues
    }


def test_a_file_that_cannot_be_decoded_is_an_input_error(folder):
    (folder / "links.csv").write_bytes(b"\xff\xfe" + b"f\x00a\x00c\x00")  # UTF-16, odd length
    (folder / "decisions.csv").unlink()
    (folder / "decisions.csv").mkdir()  # a folder where a file should be
    with pytest.raises(PortfolioInputError) as err:
        read_instance(folder)
    assert {i.code for i in err.value.issues} >= {"unreadable"}


def test_a_year_beyond_the_plan_is_refused_not_stretched(folder):
    write(folder, "budgets", "year,budget\n2027,7\n20280,5\n")  # a typo for 2028
    with pytest.raises(PortfolioInputError) as err:
        read_instance(folder)
    assert ("budgets.csv", 3, "bad_year") in {(i.file, i.row, i.code) for i in err.value.issues}
