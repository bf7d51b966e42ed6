"""What the demo writes in words, said in the page's language. The names it gives its records
(portfolio scenarios, the plan built from one, the trade analysis, the input–output table) are
stored in English — the command line and the API find them by it — and translated by the
catalogs; its free text (industrial zones, inputs, the note on every factory) is stored in
English with its Arabic in ``data/demo/names_ar.csv``. ``shown`` (the ``{{ value|shown }}``
filter) says either in the current language, so an Arabic page never shows the demo in English;
any other text is shown as it was written."""

from __future__ import annotations

import csv
from functools import cache

from django.utils.translation import get_language, gettext, gettext_noop

from ihya.demo.catalogue import DATA

BALANCED = gettext_noop("Balanced (demo)")
JOBS_FIRST = gettext_noop("Jobs first (demo)")
EXPORTS_FIRST = gettext_noop("Exports first (demo)")
TRADE_RUN = gettext_noop("Synthetic world trade (demo)")
IO_TABLE = gettext_noop("Synthetic Libya-like input–output table (demo)")

NAMES = frozenset({BALANCED, JOBS_FIRST, EXPORTS_FIRST, TRADE_RUN, IO_TABLE})


@cache
def _free_text() -> tuple[dict[str, str], dict[str, str]]:
    """(English -> Arabic, Arabic -> English) of the demo's free text."""
    with (DATA / "names_ar.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["text_en"], r["text_ar"]) for r in csv.DictReader(fh)]
    return dict(rows), {ar: en for en, ar in rows}


def shown(text: object) -> str:
    """A demo name or demo text in the current language; any other text as it was written."""
    value = "" if text is None else str(text)
    if value in NAMES:
        return gettext(value)
    to_arabic, to_english = _free_text()
    if (get_language() or "ar").startswith("ar"):
        return to_arabic.get(value, value)
    return to_english.get(value, value)
