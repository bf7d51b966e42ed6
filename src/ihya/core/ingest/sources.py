"""Stream rows out of CSV and XLSX files without loading them whole.

Text files may be UTF-8, UTF-8 with a BOM, UTF-16 with a BOM (Excel's "Unicode text") or
Windows-1256 (Arabic Windows); the delimiter may be a comma, semicolon, tab or pipe. Workbooks are
read with calamine, one sheet at a time, once their archive passed ``archive.workbook_check``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ihya.core.ingest.normalize import ParseError

_CHUNK = 1 << 20
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Sheet:
    """One table of a source: its name, header cells and an iterator of (row number, cells).

    Row numbers are those a person sees in Excel: the header is row 1 (or lower when blank rows
    precede it). ``progress()`` returns (done, total) in bytes or rows when known.
    """

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    size_hint: int | None = None
    position: Any = None
    single: bool = True  # the only table of its file
    offset: int = 0  # empty columns before the first one (workbooks)

    def progress(self) -> int:
        return self.position() if self.position else 0


def detect_encoding(path: Path) -> str:
    """The text encoding of a file: BOM first, then strict UTF-8 over the whole file, else cp1256."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1256"
    return "utf-8"


def _sniff_delimiter(sample: str) -> str:
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


class _CountingReader(io.RawIOBase):
    """Wraps a binary file to report how many bytes were read (for progress bars)."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        self.count += n or 0
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def read_text_table(path: Path, *, name: str | None = None) -> Sheet:
    """A CSV/TSV file as one :class:`Sheet`; raises ParseError("empty_file") with no header."""
    encoding = detect_encoding(path)
    raw = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(raw, _CHUNK), encoding=encoding, newline="")
    sample = text.read(64 * 1024)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(sample)
    stream = _chain(sample, text)
    reader = csv.reader(stream, delimiter=delimiter)
    line = 0
    header: list[str] | None = None
    try:
        for cells in reader:
            line += 1
            if not _blank(cells):
                header = cells
                break
    except csv.Error as exc:
        text.close()
        raise ParseError("malformed_text", file=path.name, detail=str(exc)) from exc
    if header is None:
        text.close()
        raise ParseError("empty_file", file=path.name)
    header_line = line

    def rows() -> Iterator[tuple[int, list[Any]]]:
        n = header_line
        try:
            for cells in reader:
                n += 1
                if not _blank(cells):
                    yield n, [c if c != "" else None for c in cells]
        except csv.Error as exc:
            raise ParseError("malformed_text", file=path.name, row=n + 1, detail=str(exc)) from exc
        finally:
            text.close()

    return Sheet(
        name=name or path.stem,
        header=header,
        rows=rows(),
        size_hint=path.stat().st_size,
        position=lambda: raw.count,
    )


def _chain(sample: str, rest: io.TextIOBase) -> Iterator[str]:
    """Lines of ``sample`` followed by the rest of the stream (csv needs an iterator of lines).
    A line cut by the end of the sample is joined with its end, including a ``\r\n`` whose
    ``\r`` closed the sample (else the ``\n`` would count as a blank row)."""
    pieces = list(io.StringIO(sample, newline=""))  # split at \n, \r\n and a lone \r (old Mac)
    last = pieces.pop() if pieces else ""
    yield from pieces
    first = rest.readline()
    if last.endswith("\r") and first.startswith("\n"):
        yield last + "\n"
        first = first[1:]
    elif last.endswith(("\n", "\r")):
        yield last
    else:
        first = last + first
    if first:
        yield first
    yield from rest


def read_workbook(path: Path) -> Iterator[Sheet]:
    """Each non-empty sheet of an XLSX workbook, streamed by calamine (Rust; ~20x faster than
    openpyxl on large sheets). Row numbers are the sheet's own; ``offset`` counts the empty
    columns left of the data. The archive is checked first (``archive.workbook_check``): a
    zip bomb is refused before calamine expands it in memory."""
    from python_calamine import CalamineError, CalamineWorkbook

    from ihya.core.ingest.archive import workbook_check

    workbook_check(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise ParseError("unreadable_file", file=path.name, reason=str(exc)) from exc
    names = book.sheet_names
    for name in names:
        try:
            ws = book.get_sheet_by_name(name)
        except (CalamineError, ValueError) as exc:
            raise ParseError("unreadable_file", file=path.name, reason=str(exc)) from exc
        iterator = iter(ws.iter_rows())
        header = None
        line = 0
        for cells in iterator:
            line += 1
            if not _blank(cells):
                header = ["" if c is None else str(c) for c in cells]
                break
        if header is None:
            continue
        while header and not header[-1].strip():
            header.pop()
        counter = {"n": line}
        width = len(header)

        def rows(it=iterator, counter=counter, width=width):
            for cells in it:
                counter["n"] += 1
                values = cells[:width]
                if not _blank(values):
                    yield (
                        counter["n"],
                        [None if isinstance(v, str) and not v.strip() else v for v in values],
                    )

        yield Sheet(
            name=name,
            header=header,
            rows=rows(),
            size_hint=ws.height,
            position=lambda counter=counter: counter["n"],
            single=len(names) == 1,
            offset=ws.start[1] if ws.start else 0,
        )


def open_tables(path: Path) -> Iterator[Sheet]:
    """Every table in a file: one for a CSV, one per non-empty sheet for a workbook."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ParseError("file_not_found", file=str(path))
    if suffix in WORKBOOK_SUFFIXES:
        yield from read_workbook(path)
    elif suffix in TEXT_SUFFIXES:
        yield read_text_table(path)
    elif suffix == ".xls":
        raise ParseError("old_excel_format", file=path.name)
    else:
        raise ParseError("unsupported_format", file=path.name)
