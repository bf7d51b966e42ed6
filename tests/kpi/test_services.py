"""Entering and importing KPI actuals: roles, the audit log, every problem of a bad file named
with its row and column (nothing written), Arabic-Indic digits, Windows-1256 and Arabic headers
read, an actual replaced rather than doubled."""

from decimal import Decimal as D

import pytest

from ihya.audit.models import AuditEntry
from ihya.errors import Forbidden, Invalid
from ihya.kpi.models import KpiActual
from ihya.kpi.services import kpi_import, kpi_record

pytestmark = pytest.mark.django_db


def test_an_actual_is_entered_replaced_and_audited(actors):
    first = kpi_record(actor=actors["ministry"], period="2027-Q1", indicator="jobs", value="١٢٠")
    assert (first.period, first.indicator, first.value) == ("2027-Q1", "jobs", D(120))
    again = kpi_record(
        actor=actors["secretary"],
        period="2027 q1",
        indicator="jobs_restored",
        value=130,
        note="corrected",
    )
    assert again.pk == first.pk and again.value == D(130) and KpiActual.objects.count() == 1
    part = kpi_record(
        actor=actors["secretary"],
        period="2027-Q1",
        indicator="jobs",
        value=40,
        municipality="Tripoli",  # an alias of tripoli-centre
    )
    assert part.municipality.code == "tripoli-centre" and KpiActual.objects.count() == 2
    log = AuditEntry.objects.filter(entity="kpi.kpiactual").order_by("id")
    assert [(e.action, e.object_id, e.actor_name) for e in log] == [
        ("create", "2027-Q1/jobs/*/*", "ministry"),
        ("update", "2027-Q1/jobs/*/*", "secretary"),
        ("create", "2027-Q1/jobs/*/tripoli-centre", "secretary"),
    ]
    assert log[1].before["value"] == "120.00" and log[1].after["value"] == "130.00"


def test_roles_and_bad_values_are_refused(actors):
    for name in ("viewer", "member", "authority"):
        with pytest.raises(Forbidden):
            kpi_record(actor=actors[name], period="2027-Q1", indicator="jobs", value=1)
    with pytest.raises(Invalid) as error:
        kpi_record(
            actor=actors["ministry"],
            period="2027-Q7",
            indicator="happiness",
            value="-3",
            body="nobody",
        )
    assert sorted((p.field, p.code) for p in error.value.problems) == [
        ("body", "unknown_body"),
        ("indicator", "unknown_indicator"),
        ("quarter", "bad_quarter"),
        ("value", "negative"),
    ]
    with pytest.raises(Invalid) as error:
        kpi_record(actor=actors["ministry"], period="2027-Q1", indicator="jobs", value="2.5")
    assert error.value.codes == ["not_an_integer"]
    assert (
        not KpiActual.objects.exists()
        and not AuditEntry.objects.filter(entity="kpi.kpiactual").exists()
    )


def test_a_bad_file_names_every_problem_and_writes_nothing(actors, tmp_path):
    path = tmp_path / "actuals.csv"
    path.write_text(
        "quarter,indicator,value,body,municipality\n"
        "2027-Q1,jobs,١٢٠,,\n"  # fine: Arabic-Indic digits
        "2027-Q5,jobs,10,,\n"  # bad quarter
        "2027-Q2,happiness,10,,\n"  # unknown indicator
        "2027-Q2,spending,-5,,\n"  # negative
        "2027-Q2,exports,lots,,\n"  # not a number
        "2027-Q2,factories_restarted,1.5,,\n"  # counts are whole
        "2027-Q2,jobs,5,nobody,atlantis\n"  # unknown body and municipality
        "2027-Q1,jobs,121,,\n",  # the same key as row 2
        encoding="utf-8",
    )
    with pytest.raises(Invalid) as error:
        kpi_import(actor=actors["ministry"], path=path)
    found = [(p.params["row"], p.field, p.code) for p in error.value.problems]
    assert found == [
        (3, "quarter", "bad_quarter"),
        (4, "indicator", "unknown_indicator"),
        (5, "value", "negative"),
        (6, "value", "not_a_number"),
        (7, "value", "not_an_integer"),
        (8, "body", "unknown_body"),
        (8, "municipality", "unknown_municipality"),
        (9, "quarter", "duplicate_row"),
    ]
    first = error.value.problems[0]
    assert first.en.startswith("actuals.csv row 3 column quarter:") and "2027-Q5" in first.en
    assert "الصف ٣" in first.ar or "الصف 3" in first.ar
    assert "row 2" in error.value.problems[-1].en
    assert (
        not KpiActual.objects.exists()
        and not AuditEntry.objects.filter(entity="kpi.kpiactual").exists()
    )


def test_a_file_without_its_columns_is_refused(actors, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("quarter,number\n2027-Q1,3\n", encoding="utf-8")
    with pytest.raises(Invalid) as error:
        kpi_import(actor=actors["ministry"], path=path)
    assert [(p.field, p.code) for p in error.value.problems] == [
        ("indicator", "missing_column"),
        ("value", "missing_column"),
    ]
    with pytest.raises(Forbidden):
        kpi_import(actor=actors["viewer"], path=path)


def test_an_arabic_windows_1256_file_with_decimal_commas_is_read(actors, tmp_path):
    path = tmp_path / "مؤشرات.csv"
    text = (
        "الربع;المؤشر;القيمة;الجهة;البلدية;ملاحظة\n"
        "2027-Q1;spending;2500,25;ministry-industry;;وزارة\n"
        "2027-Q1;value_added;1.250.000,5;;مصراتة;\n"
    )
    path.write_bytes(text.encode("cp1256"))
    result = kpi_import(actor=actors["secretary"], path=path, lang="ar")
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    bom = tmp_path / "bom.csv"  # UTF-8 with a BOM, Arabic-Indic digits and separators
    bom.write_text("quarter,indicator,value\n٢٠٢٧-Q١,spending,١٢٣٤٥٫٥\n", encoding="utf-8-sig")
    assert kpi_import(actor=actors["secretary"], path=bom).created == 1
    stored = {
        (a.indicator, a.body.code if a.body else None, a.municipality_id is not None): a.value
        for a in KpiActual.objects.select_related("body")
    }
    assert stored == {
        ("spending", None, False): D("12345.50"),
        ("spending", "ministry-industry", False): D("2500.25"),
        ("value_added", None, True): D("1250000.50"),
    }
    assert result.text.startswith(("2 ", "٢ "))
    again = kpi_import(actor=actors["secretary"], path=path)
    assert (again.created, again.updated) == (0, 0) and KpiActual.objects.count() == 3
    assert AuditEntry.objects.filter(entity="kpi.kpiactual").count() == 3


def test_a_workbook_is_read_with_numbers_as_numbers(actors, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["quarter", "indicator", "value", "body", "municipality", "note"])
    sheet.append(["2027-Q3", "exports", 1250000.5, "EDA", None, "via the authority"])
    sheet.append(["2027-Q3", "factories_restarted", "٤", None, "Misrata", None])
    sheet.append(["2027-Q3", "jobs", 12.5, None, None, None])  # not whole: the file is refused
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    with pytest.raises(Invalid) as error:
        kpi_import(actor=actors["ministry"], path=path)
    assert [(p.params["row"], p.field, p.code) for p in error.value.problems] == [
        (4, "value", "not_an_integer")
    ]
    assert not KpiActual.objects.exists()
    sheet.delete_rows(4)
    book.save(path)
    assert kpi_import(actor=actors["ministry"], path=path).created == 2
    stored = {a.indicator: a for a in KpiActual.objects.select_related("body", "municipality")}
    assert stored["exports"].value == D("1250000.50")
    assert stored["exports"].body.code == "export-authority"
    assert stored["exports"].note == "via the authority"
    assert stored["factories_restarted"].value == D(4)
    assert stored["factories_restarted"].municipality.code == "misrata"
