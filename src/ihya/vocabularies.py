"""Controlled vocabularies (ownership, status, severity, requirement types, causes…) as data.

One file, ``data/vocabularies.csv``, feeds model choices, import validation, the bilingual labels
and the generated import documentation. Add a term there, not in code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources

from django.utils.functional import lazy
from django.utils.translation import get_language


@dataclass(frozen=True, slots=True)
class Term:
    vocabulary: str
    code: str
    order: int
    label_en: str
    label_ar: str
    group: str = ""
    aliases: tuple[str, ...] = ()

    def label(self, language: str | None = None) -> str:
        language = language or get_language() or "ar"
        return self.label_ar if language.startswith("ar") else self.label_en


@cache
def _load() -> dict[str, tuple[Term, ...]]:
    text = resources.files("ihya").joinpath("data/vocabularies.csv").read_text(encoding="utf-8")
    out: dict[str, list[Term]] = {}
    for row in csv.DictReader(text.splitlines()):
        term = Term(
            vocabulary=row["vocabulary"],
            code=row["code"],
            order=int(row["order"]),
            label_en=row["label_en"],
            label_ar=row["label_ar"],
            group=row.get("group") or "",
            aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
        )
        out.setdefault(term.vocabulary, []).append(term)
    return {name: tuple(sorted(terms, key=lambda t: t.order)) for name, terms in out.items()}


def names() -> list[str]:
    return list(_load())


def terms(vocabulary: str) -> tuple[Term, ...]:
    return _load()[vocabulary]


def codes(vocabulary: str) -> list[str]:
    return [t.code for t in terms(vocabulary)]


def term(vocabulary: str, code: str) -> Term:
    for t in terms(vocabulary):
        if t.code == code:
            return t
    raise KeyError(f"{code!r} is not a term of {vocabulary!r}")


def label(vocabulary: str, code: str, language: str | None = None) -> str:
    try:
        return term(vocabulary, code).label(language)
    except KeyError:
        return code


def _label_now(t: Term) -> str:
    return t.label()


_lazy_label = lazy(_label_now, str)


def _choices(vocabulary: str, cast: type = str) -> list[tuple[object, str]]:
    return [(cast(t.code), _lazy_label(t)) for t in terms(vocabulary)]


def choices(vocabulary: str, cast: type = str):
    """Callable choices for a model field: migrations keep the reference, not the labels."""
    return partial(_choices, vocabulary, cast)
