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
    from ihya.core.linkages.pymrio_folder import write_pymrio
    from ihya.core.linkages.table import write_template

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


def test_a_failed_load_writes_neither_rows_nor_files(io_table, tmp_path):
    from ihya.errors import Invalid
    from ihya.linkages.models import IoTable
    from ihya.linkages.services import linkages_table_load

    assert not os.path.isabs(io_table.folder)  # stored relative to IHYA_HOME
    path = tmp_path / "t.csv"
    path.write_text(
        "code,A,B,households\nA,150,500,350\nB,200,100,1700\nvalue_added,650,1400\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in (tmp_path / "linkages").iterdir())
    for pairs, reason in (
        ([("10", "A"), ("10", "B")], "appears twice"),
        ([("1x", "A")], "1 to 4 digits"),
    ):
        with pytest.raises(Invalid, match="invalid_concordance") as refused:
            linkages_table_load(path=path, concordance=pairs)
        assert reason in refused.value.text("en")
    columns = tmp_path / "c.csv"
    columns.write_text("activity,sector\n10,A\n", encoding="utf-8")
    with pytest.raises(Invalid) as refused:
        linkages_table_load(path=path, concordance=columns)
    assert "isic" in refused.value.text("en")
    assert IoTable.objects.count() == 1
    assert sorted(p.name for p in (tmp_path / "linkages").iterdir()) == before
    arabic = linkages_table_load(path=path, concordance=[("١٠", "A")])  # Arabic-Indic digits
    assert arabic.concordance.get().isic_prefix == "10"


def test_a_table_whose_folder_is_gone_shows_no_impact_instead_of_failing(io_table, client_for):
    import shutil

    from django.conf import settings

    shutil.rmtree(os.path.join(settings.IHYA_HOME, io_table.folder))
    factory = Factory.objects.filter(activity__code="2410").first()
    assert selectors.factory_impact(factory=factory, table=io_table) is None
    page = client_for("viewer").get(f"/factories/{factory.external_id}/")
    assert page.status_code == 200 and "impact-jobs" not in page.content.decode()


def test_type_ii_that_cannot_be_finite_is_stored_as_empty(small_demo, tmp_path, settings):
    from ihya.linkages.services import linkages_table_load

    settings.IHYA_HOME = tmp_path
    path = tmp_path / "hh.csv"  # households are all final demand and earn all value added
    path.write_text(
        "code,A,B,households\nA,150,500,350\nB,200,100,1700\n"
        "value_added,650,1400\ncompensation,650,1400\n",
        encoding="utf-8",
    )
    table = linkages_table_load(path=path)
    sector = table.sectors.get(code="A")
    assert sector.output_multiplier == pytest.approx(1.5182, abs=5e-5)
    assert sector.output_multiplier_type2 is None and sector.income_multiplier is not None


def test_the_command_reports_unusable_input_without_a_traceback(env, tmp_path):
    from ihya.core.linkages.pymrio_folder import write_pymrio

    singular = tmp_path / "s.csv"
    singular.write_text("code,A,households\nA,100,0\nvalue_added,0\n", encoding="utf-8")
    proc = run_ihya(
        env, "linkages", "analyse", str(singular), "--out", str(tmp_path / "o"), check=False
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "I − A is singular" in proc.stderr and not (tmp_path / "o").exists()

    folder = write_pymrio(demo_table(), tmp_path / "mrio")
    (folder / "Z.txt").unlink()
    proc = run_ihya(
        env, "linkages", "analyse", str(folder), "--out", str(tmp_path / "o"), check=False
    )
    assert proc.returncode == 1 and "The pymrio folder cannot be read" in proc.stderr

    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    proc = run_ihya(env, "linkages", "analyse", str(old), "--out", str(tmp_path / "o"), check=False)
    assert (
        "old.xls is an old .xls workbook" in proc.stderr and "old_excel_format" not in proc.stderr
    )

    a_file = tmp_path / "taken"
    a_file.write_text("")
    proc = run_ihya(env, "linkages", "analyse", str(singular), "--out", str(a_file), check=False)
    assert proc.returncode == 2 and "is a file" in proc.stderr


def test_the_migration_recomputes_forward_extraction_of_stored_tables(io_table):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ihya.linkages.migrations.0002_forward_extraction_ghosh")
    IoSector.objects.filter(table=io_table).update(forward_loss=0.0)  # as an old load left it
    migration.recompute(apps, None)
    stored = IoSector.objects.filter(table=io_table).order_by("position")
    expected = analyse(demo_table()).extraction.forward_output_loss
    np.testing.assert_allclose([s.forward_loss for s in stored], expected, rtol=1e-9)
