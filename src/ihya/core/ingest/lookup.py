"""Resolve what people type (a code, a name in either language, a known misspelling) to a code."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ihya.core.ingest.normalize import ParseError, clean_text, match_key


@dataclass(frozen=True, slots=True)
class Entry:
    """One resolvable record: its canonical ``code`` and every name it may be written as."""

    code: str
    names: tuple[str, ...] = ()
    label: str = ""


@dataclass
class Lookup:
    """A vocabulary of codes with names; :meth:`resolve` returns a code or raises ParseError.

    ``kind`` names the vocabulary in messages (``municipality``, ``hs``…). ``normalize`` is
    applied to input before the exact code match (for example restoring a lost leading zero).
    ``accept`` may reject a resolved entry with its own ParseError (for example a wrong level).
    """

    kind: str
    entries: Iterable[Entry]
    normalize: Callable[[object], str | None] = clean_text
    accept: Callable[[Entry, str], None] | None = None
    _by_code: dict[str, Entry] = field(init=False, repr=False)
    _by_key: dict[str, set[str]] = field(init=False, repr=False)
    _memo: dict[object, str | ParseError | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {}
        self._by_key = {}
        self._memo = {}
        for entry in self.entries:
            self._by_code[entry.code] = entry
            for name in (entry.code, *entry.names):
                key = match_key(name)
                if key:
                    self._by_key.setdefault(key, set()).add(entry.code)
        self.entries = ()

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def label(self, code: str) -> str:
        entry = self._by_code.get(code)
        return entry.label if entry and entry.label else code

    def resolve(self, value: object) -> str | None:
        """The code ``value`` stands for; the same input always gets the same answer, so
        answers are remembered (files repeat the same few municipalities thousands of times)."""
        key = (type(value), value)
        try:
            known = self._memo[key]
        except (KeyError, TypeError):
            pass
        else:
            if isinstance(known, ParseError):
                # a fresh exception each time: the lookups are shared across requests and
                # threads, and an exception raised again keeps growing its traceback
                raise ParseError(known.code, **known.params)
            return known
        try:
            code = self._resolve(value)
        except ParseError as error:
            self._remember(key, ParseError(error.code, **error.params))  # without its frames
            raise
        self._remember(key, code)
        return code

    def _remember(self, key: tuple, answer: str | ParseError | None) -> None:
        if len(self._memo) < 100_000:
            with contextlib.suppress(TypeError):
                self._memo[key] = answer

    def _resolve(self, value: object) -> str | None:
        text = self.normalize(value)
        if text is None:
            return None
        entry = self._by_code.get(text)
        if entry is None:
            codes = self._by_key.get(match_key(text), set())
            if len(codes) > 1:
                raise ParseError(
                    "ambiguous", kind=self.kind, value=text, candidates=", ".join(sorted(codes))
                )
            if not codes:
                raise ParseError(
                    "unknown_code", kind=self.kind, value=text, suggestions=self.suggest(text)
                )
            entry = self._by_code[next(iter(codes))]
        if self.accept is not None:
            self.accept(entry, text)
        return entry.code

    def suggest(self, text: str, n: int = 3) -> str:
        """Up to ``n`` close matches, for a "did you mean" hint ("" when nothing is close)."""
        key = match_key(text)
        keys = difflib.get_close_matches(key, self._by_key.keys(), n=n * 2, cutoff=0.6)
        seen: list[str] = []
        for k in keys:
            for code in sorted(self._by_key[k]):
                shown = self._show(code)
                if shown not in seen:
                    seen.append(shown)
        return ", ".join(seen[:n])

    def _show(self, code: str) -> str:
        label = self.label(code)
        return code if label == code else f"{label} ({code})"
