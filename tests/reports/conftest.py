"""Reading a PDF report back as its reader would: poppler's pdftotext (the text in logical order),
pdffonts (which fonts are embedded) and pdftoppm (page images, kept under
``test-artifacts/reports/`` for a person to look at)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.followup.conftest import planned  # noqa: F401  (the fixtures, reused)
from tests.plan.conftest import solved  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
# the direction marks and embeddings pdftotext wraps right-to-left runs in
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def pdf_file(tmp_path):
    def write(content: bytes, name: str) -> Path:
        assert content.startswith(b"%PDF-")
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def pdf_text(path: Path) -> str:
    """The PDF's text, its lines joined, the direction marks dropped, spaces collapsed."""
    text = BIDI.sub("", _run("pdftotext", "-enc", "UTF-8", str(path), "-"))
    return re.sub(r"\s+", " ", text)


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name without its subset prefix, embedded) for every font of the PDF."""
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type… encoding emb sub uni object ID: emb is the 5th field from the end
        out.append((parts[0].split("+", 1)[-1], parts[-5] == "yes"))
    return out


def pdf_pages(path: Path) -> int:
    info = _run("pdfinfo", str(path))
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_image(path: Path, name: str, page: int = 1) -> Path:
    """Page ``page`` as a PNG under test-artifacts/reports/ (kept for a person to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    _run(
        "pdftoppm",
        "-r",
        "80",
        "-png",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(path),
        str(stem),
    )
    png = stem.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")
    return png


def arabic_words(text: str) -> str:
    """The Arabic words of a name (the demo's names end with a municipality's Latin code)."""
    return " ".join(w for w in text.split() if not w.isascii())
