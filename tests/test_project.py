"""Promises about the project itself: docs current, migrations complete, catalogs complete."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ihya.i18n import untranslated
from ihya.registry.docs import import_format_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_import_format_doc_is_generated_from_the_definitions():
    doc = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert doc == import_format_markdown(), "run `make docs` to regenerate docs/import-format.md"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_every_message_has_arabic_and_english():
    assert untranslated() == []


def test_readme_first_screen_shows_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:40])
    assert "make demo" in head and "make test" in head
    assert "make test" in (ROOT / ".ci" / "run").read_text()
