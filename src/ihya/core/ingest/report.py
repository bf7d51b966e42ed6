"""Write an import's problems as a workbook: a list of issues, then the source sheets with each
bad cell filled red and annotated, so that a clerk can fix the file where the problem is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ihya.core.ingest.normalize import clean_text
from ihya.core.ingest.sources import Sheet
from ihya.core.ingest.validate import Issue
from ihya.core.tables import spreadsheet_row, spreadsheet_safe

ISSUE_HEADERS = ("sheet", "row", "column", "value", "level", "reason (Arabic)", "reason (English)")
ISSUE_HEADERS_AR = (
    "الورقة",
    "الصف",
    "العمود",
    "القيمة",
    "المستوى",
    "السبب بالعربية",
    "السبب بالإنجليزية",
)


def write_issue_workbook(
    path: Path,
    issues: Sequence[tuple[Issue, str, str]],
    sheets: Iterable[Sheet] = (),
) -> Path:
    """``issues`` pairs each issue with its Arabic and English reason; ``sheets`` are the source
    tables read again, copied with their bad cells highlighted."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FFC7CE")
    amber = PatternFill("solid", fgColor="FFEB9C")

    listing = book.create_sheet("issues")
    for headers in (ISSUE_HEADERS_AR, ISSUE_HEADERS):
        row = []
        for h in headers:
            cell = WriteOnlyCell(listing, value=h)
            cell.font = bold
            row.append(cell)
        listing.append(row)
    for issue, arabic, english in issues:
        listing.append(
            spreadsheet_row(
                [issue.sheet, issue.row, issue.column, issue.value, issue.level, arabic, english]
            )
        )

    marks: dict[tuple[str, int | None], dict[str, tuple[Issue, str, str]]] = {}
    for item in issues:
        issue = item[0]
        marks.setdefault((issue.sheet, issue.row), {})[issue.column or ""] = item

    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        positions = {clean_text(h) or "": i for i, h in enumerate(sheet.header)}
        header_marks = marks.get((sheet.name, 1), {})
        ws.append(
            [
                _cell(
                    ws, h, header_marks.get(clean_text(h) or ""), red, amber, Comment, WriteOnlyCell
                )
                for h in sheet.header
            ]
        )
        for number, cells in sheet.rows:
            row_marks = marks.get((sheet.name, number), {})
            if not row_marks:
                ws.append(spreadsheet_row(cells))
                continue
            by_index = {positions.get(col): item for col, item in row_marks.items()}
            ws.append(
                [
                    _cell(ws, value, by_index.get(i), red, amber, Comment, WriteOnlyCell)
                    for i, value in enumerate(cells)
                ]
            )
    book.save(path)
    return path


def _cell(ws, value, item, red, amber, comment_cls, cell_cls):
    cell = cell_cls(ws, value=spreadsheet_safe(value))
    if item is not None:
        issue, arabic, english = item
        cell.fill = red if issue.level == "error" else amber
        cell.comment = comment_cls(f"{arabic}\n{english}", "Ihya")
    return cell
