"""A factory named like a formula is exported as text, never as a live formula (XLSX, CSV, the
export page), and imports back under the same name."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ihya.registry.models import Factory
from ihya.registry.services import registry_export, registry_import

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def attack(small_demo):
    factory = Factory.objects.order_by("external_id").first()
    Factory.objects.filter(pk=factory.pk).update(name_en=ATTACK, name_ar="@" + ATTACK)
    return factory.external_id


def _name_cells(book):
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("name_en") + 1
    return [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]


def test_the_xlsx_export_holds_text_not_a_formula(attack, tmp_path):
    registry_export(path=tmp_path / "r.xlsx")
    cells = _name_cells(load_workbook(tmp_path / "r.xlsx"))
    [cell] = [c for c in cells if ATTACK in str(c.value)]
    assert cell.data_type != "f" and cell.value == "'" + ATTACK
    assert all(c.data_type != "f" for c in cells)


def test_the_csv_export_quotes_the_field(attack, tmp_path):
    registry_export(path=tmp_path / "factories.csv", entities=["factories"])
    rows = list(csv.DictReader((tmp_path / "factories.csv").open(encoding="utf-8-sig")))
    [row] = [r for r in rows if r["factory_id"] == attack]
    assert row["name_en"] == "'" + ATTACK and row["name_ar"] == "'@" + ATTACK


def test_the_export_page_is_safe_and_the_name_imports_back(attack, client_for, tmp_path):
    client = client_for("secretary")
    response = client.get(reverse("registry:export", kwargs={"fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert all(c.data_type != "f" for c in _name_cells(book))
    path = tmp_path / "r.xlsx"
    book.save(path)
    Factory.objects.filter(external_id=attack).update(name_en="changed")
    result = registry_import(paths=[path], entity="factories")
    assert result.ok, result.issues[:3]
    assert Factory.objects.get(external_id=attack).name_en == ATTACK
