"""The PDF reports in both languages, read back with poppler: the Arabic comes out shaped and in
logical order, in the shipped font, embedded; the header names the committee's two bodies; each
page is numbered; page 1 is kept as an image under test-artifacts/reports/."""

import re

import pytest

from ihya.reports.services import report_factory, report_plan
from tests.reports.conftest import (
    arabic_words,
    page_image,
    pdf_fonts,
    pdf_pages,
    pdf_text,
)

pytestmark = pytest.mark.django_db


def _fonts_embedded(path, family: str) -> None:
    fonts = pdf_fonts(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any(name.replace("-", "").startswith(family) for name, _ in fonts), fonts


def test_the_factory_profile_in_arabic_reads_in_logical_order(small_demo, pdf_file):
    from ihya.registry.models import Factory

    factory = Factory.objects.get(external_id="DEMO-0001")
    report = report_factory(actor=None, factory_id="DEMO-0001", lang="ar", fmt="pdf")
    assert (
        report.filename == "factory-DEMO-0001-ar.pdf" and report.content_type == "application/pdf"
    )
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "ملف المنشأة" in text  # the heading
    assert arabic_words(factory.name_ar) in text
    assert "وزارة الصناعة والمعادن" in text and "هيئة تنمية الصادرات" in text
    assert "المتطلبات" in text and "ملف المتابعة" in text
    # page X of Y (pdftotext may drop the space between a digit and the Arabic after it)
    assert re.search(rf"صفحة 1 ?من {pdf_pages(path)}", text)
    _fonts_embedded(path, "NotoNaskhArabic")
    page_image(path, "factory-ar")


def test_the_factory_profile_in_english(small_demo, pdf_file):
    from ihya.registry.models import Factory

    factory = Factory.objects.get(external_id="DEMO-0001")
    report = report_factory(actor=None, factory_id="DEMO-0001", lang="en", fmt="pdf")
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "Factory profile" in text and factory.name_en in text
    assert "Ministry of Industry and Minerals" in text and "Export Development Authority" in text
    assert "Requirements" in text and f"Page 1 of {pdf_pages(path)}" in text
    _fonts_embedded(path, "NotoSans")
    page_image(path, "factory-en")


def test_the_plan_report_in_arabic_has_its_gantt_chart_right_to_left(planned, pdf_file):
    from ihya.registry.models import Factory

    report = report_plan(actor=None, plan_id=planned.pk, lang="ar", fmt="pdf")
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "الخطة التنفيذية" in text and "المستهدفات الربعية" in text
    assert "مخطط غانت" in text and "المهام الحرجة" in text
    restart = planned.tasks.filter(kind="restart").order_by("start_day", "factory_id").first()
    name = Factory.objects.get(external_id=restart.factory_id).name_ar
    assert arabic_words(name) in text  # a factory's row of the chart and of the milestones
    assert "وزارة الصناعة والمعادن" in text
    assert pdf_pages(path) >= 3
    _fonts_embedded(path, "NotoNaskhArabic")
    page_image(path, "plan-ar")
    page_image(path, "plan-ar-gantt", page=2)


def test_the_plan_report_in_english(planned, pdf_file):
    report = report_plan(actor=None, name=planned.name, lang="en", fmt="pdf")
    assert report.filename == f"plan-Plan-me-v{planned.version}-en.pdf"
    path = pdf_file(report.content, report.filename)
    text = pdf_text(path)
    assert "Executive plan" in text and "Quarterly targets" in text and "Gantt chart" in text
    assert "Contents" in text and "Critical tasks" in text
    _fonts_embedded(path, "NotoSans")
    page_image(path, "plan-en")
    page_image(path, "plan-en-gantt", page=2)


def test_the_factory_profile_has_its_trade_and_linkage_figures(
    trade_run, io_table, pdf_file, settings
):
    import io

    import openpyxl

    from ihya.linkages.selectors import factory_impact
    from ihya.registry.models import Factory
    from ihya.reports.services import report_factory
    from ihya.trade.selectors import factory_trade

    factory = Factory.objects.filter(products__isnull=False).order_by("external_id").first()
    [first, *_] = factory_trade(factory=factory, run=trade_run)
    impact = factory_impact(factory=factory, table=io_table)
    report = report_factory(actor=None, factory_id=factory.external_id, lang="en", fmt="pdf")
    text = pdf_text(pdf_file(report.content, "factory-trade-en.pdf"))
    assert "Trade" in text and "RCA" in text and first.code in text
    if impact is not None:
        assert "Linkages" in text and "Output in the economy" in text
    book = openpyxl.load_workbook(
        io.BytesIO(
            report_factory(
                actor=None, factory_id=factory.external_id, lang="ar", fmt="xlsx"
            ).content
        )
    )
    sheet = book.worksheets[4]  # profile, requirements, diagnosis, products, trade
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == first.code)
    if first.metrics is not None and first.metrics.rca is not None:
        assert row[2] == pytest.approx(first.metrics.rca)
    assert sheet.sheet_view.rightToLeft
