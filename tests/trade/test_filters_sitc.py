"""Issue 18: the Atlas's default filters through the trade service, on the real SITC file
(226 economies × 785 products, tests/data/trade): uninhabited territories out of ECI's top 10,
every row left out counted by reason in run.json."""

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parents[1] / "data" / "trade" / "world_trade_sitc2_1998_2000.csv.gz"


@pytest.fixture(scope="module")
def sitc_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("sitc") / "sitc.csv"
    with gzip.open(DATA, "rt", encoding="utf-8") as f, path.open("w") as out:
        out.write("year," + f.readline())
        for line in f:
            out.write("2000," + line)
    return path


def test_default_filters_keep_uninhabited_territories_out_of_the_eci_top_10(sitc_csv, tmp_path):
    from ihya.trade.services import Filters, trade_metrics_files

    def top(filters):
        panel, result = trade_metrics_files(
            inputs=[sitc_csv], out_dir=tmp_path / str(id(filters)), parquet=False, filters=filters
        )
        country = panel.labelled("country")
        order = np.argsort(-country["eci"])
        return country["country"][order][:10].tolist(), result

    uninhabited = {"ATA", "BVT", "HMD", "SGS", "IOT", "ATF", "UMI"}
    everything = Filters("sitc", keep_residual=True, keep_aggregates=True, keep_uninhabited=True)
    before, _ = top(everything)
    assert uninhabited & set(before)  # South Georgia and Heard Island rank 1st and 3rd
    after, result = top(Filters("sitc"))
    assert not uninhabited & set(after), after
    record = json.loads((result.out_dir / "run.json").read_text())["filters"]
    left = record["left_out"]
    assert left["uninhabited"]["rows"] == 596 and left["uninhabited"]["codes"] == sorted(
        uninhabited - {"ATA"}
    )
    assert left["residual_product"]["codes"] == ["9110", "9310", "9410", "9510", "9610", "9710"]
    assert record["rows_in"] == record["rows_kept"] + sum(e["rows"] for e in left.values())
    assert any(w.startswith("left out (uninhabited): 596 rows") for w in result.warnings)
