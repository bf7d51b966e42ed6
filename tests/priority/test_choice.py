"""The pages, the API and the command line rank with the same scenario and method by default:
the first saved scenario, with its own method (they used to differ: the API ranked the
catalogue's default weights by WSM, the command line the scenario's weights by WSM)."""

import csv

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.priority.models import Scenario

pytestmark = pytest.mark.django_db


def test_every_interface_ranks_with_the_first_scenario_and_its_method(
    trade_run, io_table, client_for, api_for, tmp_path
):
    first = Scenario.objects.order_by("id").first()
    first.method = "topsis"
    first.weights = {"jobs_restored": 0.8, "export_potential": 0.2}
    first.save()
    api = api_for("viewer").get("/api/v1/priority/ranking").json()
    assert api["method"] == "topsis"
    assert api["weights"]["jobs_restored"] == 0.8 and api["weights"]["export_potential"] == 0.2
    page = client_for("viewer").get("/priority/")
    assert page.context["method"] == "topsis" and page.context["scenario"] == first
    assert page.context["weights"] == api["weights"]
    out = tmp_path / "ranks.csv"
    result = CliRunner().invoke(app, ["priority", "factories", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "topsis" in result.output
    with out.open(encoding="utf-8-sig") as fh:
        cli_order = [row["factory_id"] for row in csv.DictReader(fh)]
    assert cli_order == [row["factory_id"] for row in api["factories"]]
    assert [row.factory.external_id for row in page.context["ranking"].rows] == cli_order
