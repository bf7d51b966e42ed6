import codecs

import pytest
from openpyxl import Workbook

from ihya.core.ingest.normalize import ParseError
from ihya.core.ingest.sources import detect_encoding, open_tables, read_text_table

ROWS = "رمز المنشأة,الاسم بالعربية,البلدية\nF1,مصنع الإسمنت,بنغازي\n\nF2,مطحنة,مصراتة\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("cp1256", b"", "cp1256"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ],
)
def test_it_reads_every_encoding_libyan_files_come_in(tmp_path, encoding, bom, expected):
    path = tmp_path / "f.csv"
    text = ROWS.replace(",", "\t") if encoding.startswith("utf-16") else ROWS
    path.write_bytes(bom + text.encode(encoding))
    assert detect_encoding(path) == expected
    sheet = read_text_table(path)
    assert sheet.header == ["رمز المنشأة", "الاسم بالعربية", "البلدية"]
    rows = list(sheet.rows)
    # blank lines are skipped but keep their place in the row numbering (header is row 1)
    assert rows == [(2, ["F1", "مصنع الإسمنت", "بنغازي"]), (4, ["F2", "مطحنة", "مصراتة"])]


def test_a_late_cp1256_byte_is_not_mistaken_for_utf8(tmp_path):
    path = tmp_path / "late.csv"
    body = "a,b\n" + "x,1\n" * 200_000 + "مصنع,2\n"
    path.write_bytes(body.encode("cp1256"))
    assert detect_encoding(path) == "cp1256"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_it_sniffs_the_delimiter(tmp_path, delimiter):
    path = tmp_path / "f.csv"
    path.write_text(f"a{delimiter}b\n1,5{delimiter}2\n", encoding="utf-8")
    sheet = read_text_table(path)
    assert sheet.header == ["a", "b"]
    assert list(sheet.rows) == [(2, ["1,5", "2"])]


def test_quoted_fields_with_newlines_count_as_one_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('a,b\n"line one\nline two",1\nx,2\n', encoding="utf-8")
    assert [n for n, _ in read_text_table(path).rows] == [2, 3]


def test_it_reads_each_sheet_of_a_workbook(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "المنشآت"
    ws.append([])
    ws.append(["factory_id", "name_ar"])
    ws.append(["F1", "مصنع"])
    ws.append([None, None])
    ws.append(["F2", 12.0])
    book.create_sheet("empty")
    other = book.create_sheet("products")
    other.append(["factory_id", "hs_code"])
    other.append(["F1", 409])
    path = tmp_path / "book.xlsx"
    book.save(path)
    sheets = list(open_tables(path))
    assert [s.name for s in sheets] == ["المنشآت", "products"]
    first = sheets[0]
    assert first.header == ["factory_id", "name_ar"]
    assert list(first.rows) == [(3, ["F1", "مصنع"]), (5, ["F2", 12])]
    assert list(sheets[1].rows) == [(2, ["F1", 409])]


def test_it_refuses_old_and_unknown_formats(tmp_path):
    for name, code in [("a.xls", "old_excel_format"), ("a.pdf", "unsupported_format")]:
        path = tmp_path / name
        path.write_bytes(b"x")
        with pytest.raises(ParseError) as info:
            list(open_tables(path))
        assert info.value.code == code
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(ParseError) as info:
        list(open_tables(empty))
    assert info.value.code == "empty_file"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ParseError) as info:
        list(open_tables(broken))
    assert info.value.code == "unreadable_file"


def test_old_mac_line_endings_and_stray_bytes_are_read_or_refused_cleanly(tmp_path):
    from ihya.core.ingest.normalize import ParseError
    from ihya.core.ingest.sources import read_text_table

    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"code,value\rA,1\rB,2\r")  # "CSV (Macintosh)" from old Excel
    sheet = read_text_table(mac)
    assert sheet.header == ["code", "value"]
    assert list(sheet.rows) == [(2, ["A", "1"]), (3, ["B", "2"])]
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"\r\x00")  # found by schemathesis: must be an error, never a crash
    try:
        sheet = read_text_table(odd)
        list(sheet.rows)
    except ParseError as exc:
        assert exc.code in ("empty_file", "malformed_text")


def test_a_crlf_split_by_the_first_read_is_one_line_break(tmp_path):
    # found in review: when the 64 KiB sample ended on the \r of \r\n, every later row number
    # was one too high
    from ihya.core.ingest.sources import read_text_table

    head = "code,value\r\n"
    first = "X," + "y" * (64 * 1024 - len(head) - 3) + "\r\n"  # its \r is the sample's last char
    body = head + first + "".join(f"A{n},{n}\r\n" for n in range(100))
    assert body[64 * 1024 - 1] == "\r"
    path = tmp_path / "crlf.csv"
    path.write_bytes(body.encode())
    rows = list(read_text_table(path).rows)
    assert len(rows) == 101 and rows[1] == (3, ["A0", "0"]) and rows[-1][0] == 102
