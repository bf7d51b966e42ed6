"""Importing the registry: all or nothing, Libyan input, idempotent, round-trips."""

import codecs
import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from ihya.audit.display import history_rows
from ihya.audit.services import history
from ihya.diagnosis.models import DiagnosisCause, Requirement, RevivalScheme
from ihya.registry.models import ExportRecord, Factory, FactoryInput, FactoryProduct, StatusChange
from ihya.registry.services import registry_export, registry_import

pytestmark = pytest.mark.django_db

HEADER_AR = [
    "رمز المنشأة",
    "الاسم بالعربية",
    "الاسم بالإنجليزية",
    "البلدية",
    "النشاط",
    "الملكية",
    "الحالة",
    "تاريخ التوقف",
    "العاملون حالياً",
    "العاملون قبل التوقف",
    "الطاقة التصميمية",
    "وحدة الطاقة",
    "نسبة الاستغلال",
]
ROWS = [
    [
        "LY-001",
        "مصنع إسمنت بنغازي",
        "Benghazi Cement",
        "بنغازي",
        "2394",
        "عام",
        "متوقفة",
        "01/03/2014",
        "٠",
        "٤٥٠",
        "١٬٢٠٠٬٠٠٠",
        "t/year",
        "٠",
    ],
    [
        "LY-002",
        "مطحنة مصراتة",
        "Misrata Mill",
        "Misurata",
        "1061",
        "خاص",
        "تعمل",
        "",
        "١٢٠",
        "١٣٠",
        "٥٠٬٠٠٠٫٥",
        "t/year",
        "٧٥٫٥",
    ],
]


def write_csv(path: Path, header, rows, encoding="utf-8", bom=b""):
    with path.open("wb") as fh:
        fh.write(bom)
        text = "\n".join(",".join(str(c) for c in r) for r in [header, *rows]) + "\n"
        if encoding == "cp1256":  # Windows-1256 has no Arabic-Indic digits: Windows shows 0-9
            text = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩٫٬", "0123456789.،"))
        fh.write(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1256", b"")]
)
def test_it_imports_libyan_spreadsheets(tmp_path, encoding, bom):
    path = write_csv(tmp_path / "f.csv", HEADER_AR, ROWS, encoding, bom)
    result = registry_import(paths=[path], entity="factories")
    assert result.ok, result.issues
    assert result.written["factories"] == {"created": 2, "updated": 0, "unchanged": 0}
    cement = Factory.objects.get(external_id="LY-001")
    assert cement.municipality.code == "benghazi"
    assert cement.activity.code == "2394"
    assert (cement.status, cement.ownership) == ("stalled", "public")
    assert str(cement.stalled_since) == "2014-03-01"
    assert cement.employees_before == 450
    assert cement.design_capacity == Decimal("1200000")
    mill = Factory.objects.get(external_id="LY-002")
    assert mill.municipality.code == "misrata"
    assert mill.design_capacity == Decimal("50000.5")
    assert mill.utilisation_pct == Decimal("75.5")
    history = StatusChange.objects.get(factory=cement)
    assert (history.status_from, history.status_to, str(history.effective_on)) == (
        "",
        "stalled",
        "2014-03-01",
    )


def test_any_error_writes_nothing_and_names_the_cell(tmp_path):
    bad = [
        *ROWS,
        ["LY-003", "مصنع", "", "Misratta", "2394", "عام", "متوقفة", "", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "f.csv", HEADER_AR, bad)
    result = registry_import(paths=[path], entity="factories")
    assert not result.ok
    assert Factory.objects.count() == 0
    [(issue, arabic, english)] = result.messages()
    assert (issue.row, issue.column, issue.value) == (4, "البلدية", "Misratta")
    assert english.startswith(
        "Unknown municipality: “Misratta”. Did you mean: Misrata / مصراتة (misrata)"
    )
    assert arabic.startswith("قيمة غير معروفة في «البلدية»: «Misratta». هل تقصد:")
    assert "Misrata / مصراتة (misrata)" in arabic


def test_the_error_report_highlights_bad_cells(tmp_path):
    bad = [ROWS[0], [*ROWS[1][:8], "many", *ROWS[1][9:]]]
    path = write_csv(tmp_path / "f.csv", HEADER_AR, bad)
    report = tmp_path / "errors.xlsx"
    result = registry_import(paths=[path], entity="factories", report=report)
    assert not result.ok
    book = load_workbook(report)
    assert book.sheetnames == ["issues", "f"]
    listing = list(book["issues"].values)
    assert listing[2][:4] == ("f", 3, "العاملون حالياً", "many")
    assert "whole number" in listing[2][6] or "number" in listing[2][6]
    cell = book["f"].cell(row=3, column=9)
    assert cell.value == "many"
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment is not None and "many" in cell.comment.text
    assert book["f"].cell(row=2, column=9).fill.fgColor.rgb in (None, "00000000")


def test_reimporting_updates_and_never_duplicates(tmp_path):
    path = write_csv(tmp_path / "f.csv", HEADER_AR, ROWS)
    registry_import(paths=[path], entity="factories")
    again = registry_import(paths=[path], entity="factories")
    assert again.written["factories"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert Factory.objects.count() == 2
    changed = [[*ROWS[0][:6], "تعمل جزئياً", *ROWS[0][7:]], ROWS[1]]
    write_csv(path, HEADER_AR, changed)
    third = registry_import(paths=[path], entity="factories")
    assert third.written["factories"] == {"created": 0, "updated": 1, "unchanged": 1}
    cement = Factory.objects.get(external_id="LY-001")
    assert (cement.status, cement.version) == ("partly_operating", 2)
    assert list(cement.status_history.values_list("status_from", "status_to")) == [
        ("", "stalled"),
        ("stalled", "partly_operating"),
    ]


def test_reimporting_a_changed_product_logs_the_change_and_the_page_shows_it(tmp_path, client_for):
    registry_import(paths=[write_csv(tmp_path / "f.csv", HEADER_AR, ROWS)], entity="factories")
    header = ["factory_id", "hs_code", "capacity", "unit"]
    products = write_csv(tmp_path / "p.csv", header, [["LY-001", "252329", "1000", "t"]])
    assert registry_import(paths=[products], entity="products").written["products"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }
    same = registry_import(paths=[products], entity="products")
    assert same.written["products"] == {"created": 0, "updated": 0, "unchanged": 1}
    write_csv(products, header, [["LY-001", "252329", "2000", "t"]])
    changed = registry_import(paths=[products], entity="products")
    assert changed.written["products"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert FactoryProduct.objects.get(factory__external_id="LY-001").capacity == 2000
    assert client_for("viewer").get("/factories/LY-001/").status_code == 200  # was a 500
    with translation.override("en"):
        rows = history_rows(history(object_id="LY-001"))
    capacity, product = rows[0].changes
    assert capacity == ("annual capacity", "1,000", "2,000")
    assert product[:2] == ("product", None) and product[2].startswith("252329 Cement; portland")


def test_a_workbook_with_a_sheet_per_entity(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "المنشآت"
    ws.append(HEADER_AR)
    for row in ROWS:
        ws.append(row)
    ws = book.create_sheet("Products")
    ws.append(["factory_id", "hs_code", "capacity", "unit", "is_main"])
    ws.append(["LY-001", 252329, 1_200_000, "t", "نعم"])
    ws = book.create_sheet("التشخيص")
    ws.append(["رمز المنشأة", "السبب", "الشدة", "تاريخ التقييم", "الجهة"])
    ws.append(["LY-001", "الكهرباء", 4, "2025-05-01", "MIM"])
    ws.append(["LY-001", "Spare parts and equipment", "major", "2025-05-01", "MIM"])
    ws = book.create_sheet("requirements")
    ws.append(
        [
            "requirement_id",
            "type",
            "description_en",
            "cost_lyd",
            "fx_share_pct",
            "lead_time_months",
            "responsible_body",
            "factory_ids",
        ]
    )
    ws.append(["SUB-1", "technical", "Substation", 38_000_000, 60, 18, "GECOL", "LY-001;LY-002"])
    ws = book.create_sheet("schemes")
    ws.append(["factory_id", "mode", "is_preferred"])
    ws.append(["LY-001", "partnership", "yes"])
    ws = book.create_sheet("exports")
    ws.append(["factory_id", "year", "hs_code", "market", "value_usd"])
    ws.append(["LY-002", 2023, "110100", "Tunisia", "1,500,000"])
    ws = book.create_sheet("inputs")
    ws.append(["factory_id", "input", "hs_code", "local_share_pct"])
    ws.append(["LY-002", "قمح", "100199", "٥"])
    path = tmp_path / "registry.xlsx"
    book.save(path)

    result = registry_import(paths=[path])
    assert result.ok, result.issues
    assert result.rows_read() == {
        "factories": 2,
        "products": 1,
        "diagnoses": 2,
        "requirements": 1,
        "schemes": 1,
        "exports": 1,
        "inputs": 1,
    }
    product = FactoryProduct.objects.get()
    assert (product.product.code, product.is_main) == ("252329", True)
    severities = dict(DiagnosisCause.objects.values_list("cause__code", "severity"))
    assert severities == {"electricity": 4, "spare_parts_equipment": 3}
    substation = Requirement.objects.get(external_id="SUB-1")
    assert substation.responsible_body.code == "electricity-company"
    assert sorted(substation.factories.values_list("external_id", flat=True)) == [
        "LY-001",
        "LY-002",
    ]
    assert ExportRecord.objects.get().market == "TUN"
    assert FactoryInput.objects.get().local_share_pct == 5
    assert RevivalScheme.objects.get().mode == "partnership"


def test_children_may_refer_to_factories_already_in_the_registry(tmp_path):
    registry_import(paths=[write_csv(tmp_path / "f.csv", HEADER_AR, ROWS)], entity="factories")
    products = write_csv(tmp_path / "p.csv", ["factory_id", "hs_code"], [["LY-002", "1101"]])
    assert registry_import(paths=[products], entity="products").ok
    orphans = write_csv(tmp_path / "o.csv", ["factory_id", "hs_code"], [["LY-404", "1101"]])
    result = registry_import(paths=[orphans], entity="products")
    assert [i.code for i in result.errors] == ["unknown_factory"]


def snapshot(folder: Path) -> dict[str, list[list[str]]]:
    return {
        p.name: list(csv.reader(p.open(encoding="utf-8-sig"))) for p in sorted(folder.glob("*.csv"))
    }


@pytest.mark.parametrize(("fmt", "language"), [("xlsx", "en"), ("xlsx", "ar"), ("csv", "ar")])
def test_export_then_import_gives_the_same_registry(demo, tmp_path, fmt, language):
    before = tmp_path / "before"
    registry_export(path=before)
    exported = tmp_path / ("registry.xlsx" if fmt == "xlsx" else "csv")
    registry_export(path=exported, language=language)
    from ihya.diagnosis.models import Diagnosis

    for model in (
        Requirement,
        RevivalScheme,
        DiagnosisCause,
        Diagnosis,
        ExportRecord,
        FactoryInput,
        FactoryProduct,
        StatusChange,
        Factory,
    ):
        model.objects.all().delete()
    # a folder of CSVs imports in one go: each file is matched by its name
    paths = [exported] if fmt == "xlsx" else sorted(exported.glob("*.csv"))
    result = registry_import(paths=paths)
    assert result.ok, result.issues[:3]
    assert sum(result.rows_read().values()) > 4000
    after = tmp_path / "after"
    registry_export(path=after)
    assert snapshot(after) == snapshot(before)
    assert Factory.objects.count() == 400
