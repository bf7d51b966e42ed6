"""A zip bomb built in memory for the upload tests: a workbook of a couple of megabytes whose
sheet expands to gigabytes of zeros. Nothing big is written or committed: the deflate stream of
one block of zeros is repeated (each copy ends with a full flush, so each decodes on its own),
and the CRC of the repeated content is combined arithmetically rather than computed over it."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLOCK = 16 << 20  # bytes of zeros per repeated deflate block


def _times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from CRC(A), CRC(B) and len(B) (zlib's crc32_combine, in GF(2))."""
    if length2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _square(odd)  # two zero bits
    odd = _square(even)  # four
    while True:
        even = _square(odd)
        if length2 & 1:
            crc1 = _times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _square(even)
        if length2 & 1:
            crc1 = _times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _entry(name: bytes, data: bytes, crc: int, size: int, method: int, offset: int):
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0, 0, 0, 0, 0,
        offset,
    )  # fmt: skip
    return local + name + data, central + name


def zip_bomb(path: Path, *, gib: int = 2, lie: bool = False) -> Path:
    """An .xlsx whose xl/worksheets/sheet1.xml expands to ``gib`` GiB of ``0`` characters; with
    ``lie``, its directory declares a few kilobytes instead (readers that trust it are fooled)."""
    head = b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    zeros = b"0" * BLOCK
    repeats = gib * (1 << 30) // BLOCK
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    last = deflate.compress(tail) + deflate.flush()
    data = first + block * repeats + last
    crc_zeros = zlib.crc32(zeros)
    crc = zlib.crc32(head)
    for _ in range(repeats):  # 128 combinations: milliseconds, not a pass over gigabytes
        crc = crc32_combine(crc, crc_zeros, BLOCK)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    size = 4096 if lie else len(head) + repeats * BLOCK + len(tail)
    files = [
        (b"[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        (b"xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
    ]
    body, directory = b"", b""
    for name, content in files:
        local, central = _entry(name, content, zlib.crc32(content), len(content), 0, len(body))
        body += local
        directory += central
    local, central = _entry(b"xl/worksheets/sheet1.xml", data, crc, size, 8, len(body))
    body += local
    directory += central
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 3, 3, len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path
