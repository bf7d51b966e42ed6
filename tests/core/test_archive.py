"""A workbook's archive is checked before calamine opens it: zip bombs are refused quickly, in
little memory, whatever sizes the archive declares; honest workbooks pass."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from openpyxl import Workbook

from ihya.core.ingest.archive import workbook_check
from ihya.core.ingest.normalize import ParseError
from ihya.core.ingest.sources import open_tables
from tests.zipbomb import zip_bomb


def _refused_quickly(path, *limits: str) -> None:
    tracemalloc.start()
    started = time.process_time()  # this process's CPU: not the other work on the machine
    with pytest.raises(ParseError) as caught:
        list(open_tables(path))
    elapsed = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.code == "workbook_too_large"
    assert caught.value.params["limit"] in limits
    # that it stopped at a limit is asserted above; this only guards against a pathological
    # slowdown (about 0.6 s of CPU here), not a timing of a possibly busy machine
    assert elapsed < 10, elapsed
    assert peak < 64 * 1024 * 1024, peak


def test_a_zip_bomb_is_refused_from_its_directory_at_once(tmp_path):
    _refused_quickly(zip_bomb(tmp_path / "bomb.xlsx", gib=2), "size")


def test_a_zip_bomb_lying_about_its_size_is_refused_while_expanding(tmp_path):
    _refused_quickly(zip_bomb(tmp_path / "bomb.xlsx", gib=2, lie=True), "size", "ratio")


def test_an_honest_workbook_passes_and_reads(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["factory_id", "name_en", "jobs"])
    for n in range(5000):
        sheet.append([f"F{n}", "Mill of the coast", n])
    book.save(tmp_path / "ok.xlsx")
    workbook_check(tmp_path / "ok.xlsx")
    [table] = list(open_tables(tmp_path / "ok.xlsx"))
    assert table.header == ["factory_id", "name_en", "jobs"]


def test_each_limit_is_its_own_refusal(tmp_path):
    book = Workbook()
    book.active.append(["x"] * 10)
    book.save(tmp_path / "ok.xlsx")
    with pytest.raises(ParseError) as caught:
        workbook_check(tmp_path / "ok.xlsx", max_entries=3)
    assert caught.value.params["limit"] == "entries"
    with pytest.raises(ParseError) as caught:
        workbook_check(tmp_path / "ok.xlsx", max_uncompressed=100)
    assert caught.value.params["limit"] == "size"


def test_a_file_that_is_not_a_zip_is_unreadable_not_too_large(tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip at all")
    with pytest.raises(ParseError) as caught:
        workbook_check(tmp_path / "fake.xlsx")
    assert caught.value.code == "unreadable_file"
