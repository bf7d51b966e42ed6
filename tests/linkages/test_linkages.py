"""Stored input–output tables: provenance, concordance, the factory's revival impact, pages, API
and the ``ihya linkages`` commands."""

import csv
import os

import numpy as np
import pytest

from ihya.audit.models import AuditEntry
from ihya.core.linkages.results import analyse
from ihya.demo.linkages import demo_table
from ihya.linkages import selectors
from ihya.linkages.models import IoSector
from ihya.registry.models import Factory
from tests.conftest import run_ihya

pytestmark = pytest.mark.django_db


def test_a_loaded_table_stores_its_analysis_and_is_audited(io_table):
    expected = analyse(demo_table())
    sectors = list(IoSector.objects.filter(table=io_table).order_by("position"))
    assert [s.code for s in sectors] == expected.table.codes and io_table.synthetic
    np.testing.assert_allclose(
        [s.output_multiplier for s in sectors], expected.multipliers.output, rtol=1e-9
    )
    np.testing.assert_allclose(
        [s.jobs_loss for s in sectors], expected.extraction.jobs_loss, rtol=1e-9
    )
    assert len(io_table.sha256) == 64 and io_table.unit == "million LYD"
    assert AuditEntry.objects.filter(entity="linkages.iotable", object_id=str(io_table.pk)).exists()
    oil = next(s for s in sectors if s.code == "S03")
    assert (
        oil.name_ar == "النفط الخام والغاز الطبيعي"
        and oil.va_loss > 0.4 * io_table.summary["value_added"]
    )


def test_the_concordance_takes_the_longest_isic_prefix(io_table):
    assert selectors.sector_for(table=io_table, isic="2410").code == "S13"  # iron and steel
    assert selectors.sector_for(table=io_table, isic="2420").code == "S14"  # aluminium
    assert selectors.sector_for(table=io_table, isic="2394").code == "S12"  # cement
    assert selectors.sector_for(table=io_table, isic="1061").code == "S05"


def test_a_factory_revival_impact_follows_its_local_input_share(io_table):
    factory = Factory.objects.filter(activity__code="2410").first()
    impact = selectors.factory_impact(factory=factory, table=io_table)
    assert impact.sector.code == "S13" and impact.output >= impact.output_in_table_unit
    assert impact.jobs > 0 and impact.top[0]["code"] == "S13"
    # the same shock with every input bought abroad: nothing ripples into other sectors
    A, L, v, m, e = selectors.coefficients(io_table)
    from ihya.core.linkages.analysis import revival_impact

    none_local = revival_impact(
        L, sector=12, output=impact.output_in_table_unit, v=v, e=e, A=A, m=m, local_share=0.0
    )
    assert none_local.output.sum() == pytest.approx(impact.output_in_table_unit)
    assert impact.value_added > none_local.value_added.sum()


def test_pages_and_factory_block_in_both_languages(io_table, client_for):
    client = client_for("viewer")
    page = client.get("/linkages/").content.decode()
    assert "quadrant-data" in page and "القطاعات المرتبطة" in page and 'dir="rtl"' in page
    factory = Factory.objects.filter(activity__code="2410").first()
    detail = client.get(f"/factories/{factory.external_id}/").content.decode()
    assert "factory-impact" in detail and "impact-jobs" in detail
    client.post("/i18n/setlang/", {"language": "en", "next": "/linkages/"})
    assert "Linked industries" in client.get("/linkages/").content.decode()
    assert client.get("/linkages/", {"table": "999"}).status_code == 404


def test_without_a_table_the_page_says_how_to_load_one(small_demo, client_for):
    assert "no-table" in client_for("viewer").get("/linkages/").content.decode()


def test_the_api_serves_sectors_and_impacts(io_table, api_for):
    client = api_for("viewer")
    sectors = client.get(f"/api/v1/linkages/tables/{io_table.pk}/sectors", {"limit": 50}).json()
    assert sectors["count"] == 28 and {s["key_class"] for s in sectors["items"]} <= {
        "key",
        "backward",
        "forward",
        "weak",
    }
    factory = Factory.objects.filter(activity__code="2410").first()
    impact = client.get(f"/api/v1/linkages/factories/{factory.external_id}").json()
    assert impact["sector"] == "S13" and impact["unit"] == "million LYD"


def test_the_api_analyses_an_uploaded_template(small_demo, api_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ihya.core.linkages.table import write_template

    path = write_template(demo_table(), tmp_path / "t.csv")
    body = (
        api_for("ministry")
        .post("/api/v1/linkages/analyse", {"file": SimpleUploadedFile("t.csv", path.read_bytes())})
        .json()
    )
    assert len(body["sectors"]) == 28 and body["sectors"][0]["sector"] == "S01"
    bad = api_for("ministry").post(
        "/api/v1/linkages/analyse", {"file": SimpleUploadedFile("t.csv", b"code,A\nA,x\n")}
    )
    assert bad.status_code == 422
    assert (
        api_for("viewer")
        .post("/api/v1/linkages/analyse", {"file": SimpleUploadedFile("t.csv", b"")})
        .status_code
        == 403
    )


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "IHYA_HOME": str(tmp_path / "home")}


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_analyse_writes_the_named_files_from_a_template_or_a_pymrio_folder(env, tmp_path):
    from ihya.core.linkages.table import write_pymrio, write_template

    table = demo_table()
    template = write_template(table, tmp_path / "io.xlsx")
    proc = run_ihya(env, "linkages", "analyse", str(template), "--out", str(tmp_path / "a"))
    assert "28 sectors" in proc.stdout
    sectors = read(tmp_path / "a" / "sectors.csv")
    assert list(sectors[0]) == [
        "sector",
        "output_multiplier",
        "va_multiplier",
        "employment_multiplier",
        "backward_linkage",
        "forward_linkage",
        "key_sector_class",
    ]
    assert list(read(tmp_path / "a" / "extraction.csv")[0]) == [
        "sector",
        "output_loss",
        "va_loss",
        "jobs_loss",
    ]
    folder = write_pymrio(table, tmp_path / "mrio")
    run_ihya(env, "linkages", "analyse", str(folder), "--out", str(tmp_path / "b"))
    other = read(tmp_path / "b" / "sectors.csv")
    for ours, theirs in zip(sectors, other, strict=True):
        assert float(ours["backward_linkage"]) == pytest.approx(
            float(theirs["backward_linkage"]), rel=1e-9
        )


def test_an_invalid_table_is_reported_and_nothing_is_written(env, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name_en,name_ar,A,B,households\nA,Farm,,10,-5,100\nB,Mill,,20,10,50\nvalue_added,,,80,0\n"
    )
    proc = run_ihya(env, "linkages", "analyse", str(bad), "--out", str(tmp_path / "o"), check=False)
    assert proc.returncode == 1
    assert "A flow between sectors cannot be negative." in proc.stderr
    assert "لا يمكن" in proc.stderr  # the same reason in Arabic
    assert not (tmp_path / "o").exists()
