"""Message catalogs: compile the .po files into .mo (with Babel, no GNU gettext needed) and
check that every message has an Arabic and an English translation.

    python -m ihya.i18n compile     # run by `make install`; also done lazily by ihya.setup()
    python -m ihya.i18n check       # fails when a message lacks a translation
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("ar", "en")


def _catalogs() -> list[tuple[str, Path]]:
    return [(lang, LOCALE_DIR / lang / "LC_MESSAGES" / "django.po") for lang in LANGUAGES]


def compile_catalogs(*, force: bool = False) -> list[Path]:
    """Write django.mo beside each django.po that is newer than its .mo; return what was written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for lang, po in _catalogs():
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def ensure_compiled() -> None:
    """Compile stale catalogs when the package folder is writable (an editable install)."""
    with contextlib.suppress(OSError):
        compile_catalogs()


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|\{(\w+)\}")


def untranslated() -> list[str]:
    """Messages with no (or fuzzy) translation in any catalog, as 'lang: msgid'; and the
    translations that cannot be right: a placeholder the message does not have (a KeyError when
    rendered — what a fuzzy guess of msgmerge leaves), or an English text other than the
    message itself (the messages are written in English)."""
    from babel.messages.pofile import read_po

    problems = []
    for lang, po in _catalogs():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{lang}: {ids[0]}")
                continue
            wanted = {p for i in ids for p in _PLACEHOLDER.findall(i)}
            if any(set(_PLACEHOLDER.findall(s)) - wanted for s in strings):
                problems.append(f"{lang} (a placeholder the message lacks): {ids[0]}")
            elif lang == "en" and strings[0] != ids[0]:
                problems.append(f"{lang} (not the message itself): {ids[0]}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        for path in compile_catalogs(force="--force" in argv):
            print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
        return 0
    if command == "check":
        problems = untranslated()
        for line in problems:
            print(f"untranslated {line}", file=sys.stderr)
        return 1 if problems else 0
    print("usage: python -m ihya.i18n compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
