"""What every report shares: its language, the header (the committee's two bodies), the fonts the
project ships (loaded with ``@font-face``: a PDF never depends on the fonts of the machine), an
HTML template turned into a PDF by WeasyPrint (Pango and HarfBuzz shape Arabic and lay out
bidirectional text), and the workbook helpers of the Excel twins (right-to-left sheets in Arabic,
numbers as numbers in LYD, frozen headers and filters)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from ihya.core.tables import spreadsheet_safe

FONTS = Path(__file__).resolve().parent / "fonts"
# family -> (regular, bold): Naskh for Arabic (and its digits), Noto Sans for Latin text
FONT_FILES = {
    "Noto Naskh Arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
}
# the committee: the ministry of industry and the export development authority
HEADER_BODIES = ("ministry-industry", "export-authority")
LANGUAGES = ("ar", "en")
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MONEY = '#,##0 "LYD"'  # an amount in Libyan dinars, kept a number in the cell
NUMBER = "#,##0"
DECIMAL = "#,##0.0"
DATE = "yyyy-mm-dd"


@dataclass(frozen=True)
class Report:
    """A rendered report: its bytes, a file name and its content type."""

    content: bytes
    filename: str
    content_type: str


def font_faces() -> str:
    """``@font-face`` rules for the shipped fonts, by absolute file URL."""
    rules = []
    for family, files in FONT_FILES.items():
        for weight, name in zip(("normal", "bold"), files, strict=True):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{(FONTS / name).as_uri()}") format("truetype"); }}'
            )
    return "\n".join(rules)


def header_bodies() -> list[str]:
    """The names of the committee's two bodies in the active language (reference data)."""
    from ihya.reference.selectors import bodies

    found = {b.code: b.name for b in bodies().filter(code__in=HEADER_BODIES)}
    return [found[code] for code in HEADER_BODIES if code in found]


def base_context(*, lang: str, title: str, subtitle: str, data_date: dt.date | None) -> dict:
    return {
        "lang": lang,
        "direction": "rtl" if lang == "ar" else "ltr",
        "digits": "latn",
        "font_faces": font_faces(),
        "families": (
            '"Noto Naskh Arabic", "Noto Sans"'
            if lang == "ar"
            else '"Noto Sans", "Noto Naskh Arabic"'
        ),
        "bodies": header_bodies(),
        "title": title,
        "subtitle": subtitle,
        "data_date": data_date,
        "printed": dt.date.today(),
    }


def pdf(template: str, context: dict, *, lang: str) -> bytes:
    """The template rendered in ``lang``, then laid out as an A4 PDF by WeasyPrint."""
    from weasyprint import HTML

    with translation.override(lang):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(FONTS)).write_pdf()


class Sheet:
    """A worksheet written row by row: bold header frozen under a filter, right-to-left in
    Arabic, each cell given its number format."""

    def __init__(self, book, title: str, columns: list[tuple[str, str | None]], *, rtl: bool):
        from openpyxl.styles import Font

        self.ws = book.create_sheet(title[:31])
        self.ws.sheet_view.rightToLeft = rtl
        self.formats = [fmt for _, fmt in columns]
        self.rows = 0
        for k, (name, _fmt) in enumerate(columns, start=1):
            self.ws.cell(row=1, column=k, value=spreadsheet_safe(name)).font = Font(bold=True)
        self.ws.freeze_panes = "A2"

    def add(self, values: list) -> None:
        self.rows += 1
        for k, (value, fmt) in enumerate(zip(values, self.formats, strict=True), start=1):
            cell = self.ws.cell(row=self.rows + 1, column=k, value=spreadsheet_safe(value))
            if fmt and value is not None:
                cell.number_format = fmt

    def close(self, widths: list[int] | None = None) -> None:
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(self.formats))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        for k, width in enumerate(widths or [], start=1):
            self.ws.column_dimensions[get_column_letter(k)].width = width


def workbook():
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
