"""KPI use cases: an actual entered (``kpi_record``) or a file of them imported
(``kpi_import``: CSV in any encoding or XLSX; every row checked, every problem reported with its
row and column in Arabic and English, nothing written on any problem). Both replace the actual
already recorded for the same quarter, indicator, body and municipality, and both are audited
in the transaction that writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ihya.core.ingest.normalize import ParseError, clean_text, parse_decimal
from ihya.core.kpi import WHOLE, Period, indicator_code, parse_period
from ihya.errors import Invalid, Problem
from ihya.kpi.messages import problem_text

PERMISSION = "kpi.add_kpiactual"
COLUMNS = ("quarter", "indicator", "value", "body", "municipality", "note")
REQUIRED = ("quarter", "indicator", "value")
HEADERS = {  # Arabic headers accepted too
    "الربع": "quarter",
    "المؤشر": "indicator",
    "القيمة": "value",
    "الجهة": "body",
    "البلدية": "municipality",
    "ملاحظة": "note",
    "period": "quarter",
}
LIMIT = Decimal("1e17")  # 20 digits, 2 of them decimals
CENT = Decimal("0.01")


@dataclass
class Row:
    row: int
    period: Period
    indicator: str
    value: Decimal
    body: str | None = None
    municipality: str | None = None
    note: str = ""

    @property
    def key(self) -> tuple:
        return (str(self.period), self.indicator, self.body, self.municipality)


@dataclass
class _Issues:
    file: str = ""
    problems: list[Problem] = field(default_factory=list)

    def add(self, code, row=None, column="", value="", **params) -> None:
        texts = {
            lang: problem_text(
                code, lang, file=self.file, row=row, column=column, value=value, params=params
            )
            for lang in ("ar", "en")
        }
        where = {"file": self.file or None, "row": row, **params}
        self.problems.append(Problem(column or None, code, texts["ar"], texts["en"], where))


def _lookups() -> dict:
    from ihya.reference.selectors import import_lookups

    lookups = import_lookups()
    return {"body": lookups["body"], "municipality": lookups["municipality"]}


def _check(raw: dict, n: int | None, issues: _Issues, lookups: dict) -> Row | None:
    """One row of values as typed → a Row, or None with its problems added."""
    before = len(issues.problems)
    period = indicator = value = None
    text = clean_text(raw.get("quarter"))
    if text is None:
        issues.add("missing_value", n, "quarter")
    else:
        try:
            period = parse_period(text)
        except ParseError:
            issues.add("bad_quarter", n, "quarter", text)
    text = clean_text(raw.get("indicator"))
    if text is None:
        issues.add("missing_value", n, "indicator")
    else:
        try:
            indicator = indicator_code(text)
        except ParseError:
            issues.add("unknown_indicator", n, "indicator", text)
    given = raw.get("value")
    try:
        value = parse_decimal(given)
    except ParseError:
        issues.add("not_a_number", n, "value", str(given))
    else:
        if value is None:
            issues.add("missing_value", n, "value")
        elif value < 0:
            issues.add("negative", n, "value", str(given))
        elif abs(value) >= LIMIT:
            issues.add("too_large", n, "value", str(given))
        elif indicator in WHOLE and value != value.to_integral_value():
            issues.add("not_an_integer", n, "value", str(given))
    codes = {}
    for column in ("body", "municipality"):
        given = raw.get(column)
        if given is None or (isinstance(given, str) and not given.strip()):
            codes[column] = None
            continue
        try:
            codes[column] = lookups[column].resolve(given)
        except ParseError:
            issues.add(f"unknown_{column}", n, column, clean_text(given) or "")
    if len(issues.problems) > before:
        return None
    return Row(
        n or 0,
        period,
        indicator,
        value.quantize(CENT, rounding=ROUND_HALF_UP),
        codes["body"],
        codes["municipality"],
        clean_text(raw.get("note")) or "",
    )


def _write(actor, rows: list[Row], *, note: str = "") -> tuple[int, int]:
    """Insert or replace each row's actual, audited; → (created, updated)."""
    from ihya.audit.services import Change, audit_record
    from ihya.kpi.models import KpiActual
    from ihya.reference.models import Body, Municipality

    bodies = dict(Body.objects.values_list("code", "pk"))
    places = dict(Municipality.objects.values_list("code", "pk"))
    created = updated = 0
    changes = []
    with transaction.atomic():
        for r in rows:
            key = {
                "period": str(r.period),
                "indicator": r.indicator,
                "body_id": bodies.get(r.body) if r.body else None,
                "municipality_id": places.get(r.municipality) if r.municipality else None,
            }
            found = KpiActual.objects.select_for_update().filter(**key).order_by("pk").first()
            object_id = "/".join([str(r.period), r.indicator, r.body or "*", r.municipality or "*"])
            after = {"value": str(r.value), "note": r.note}
            if found is None:
                KpiActual.objects.create(
                    **key, value=r.value, note=r.note, created_by=getattr(actor, "user", None)
                )
                created += 1
                changes.append(Change("create", "kpi.kpiactual", object_id, None, after, note))
            elif found.value != r.value or found.note != r.note:
                before = {"value": str(found.value), "note": found.note}
                found.value, found.note = r.value, r.note
                found.save(update_fields=["value", "note", "updated_at"])
                updated += 1
                changes.append(Change("update", "kpi.kpiactual", object_id, before, after, note))
        if changes:
            audit_record(actor=actor, changes=changes)
    return created, updated


def kpi_record(
    *,
    actor,
    period: str | Period,
    indicator: str,
    value: Decimal | float | int | str | None,
    body: str | None = None,
    municipality: str | None = None,
    note: str = "",
):
    """Enter an indicator's actual for a quarter (the total, or for a body and/or a
    municipality), replacing the one recorded for the same quarter, indicator, body and
    municipality. ``Invalid`` (422) naming each bad field; ``Forbidden`` (403) for a role that
    may not enter actuals. Audited. Returns the stored ``KpiActual``."""
    from ihya.accounts.actors import Actor
    from ihya.kpi.models import KpiActual

    actor = Actor.of(actor)
    actor.require(PERMISSION)
    issues = _Issues()
    raw = {
        "quarter": str(period),
        "indicator": indicator,
        "value": value,
        "body": body,
        "municipality": municipality,
        "note": note,
    }
    row = _check(raw, None, issues, _lookups())
    if row is None:
        raise Invalid(*issues.problems)
    _write(actor, [row])
    return KpiActual.objects.select_related("body", "municipality").get(
        period=str(row.period),
        indicator=row.indicator,
        body__code=row.body,
        municipality__code=row.municipality,
    )


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    lang: str = "en"

    @property
    def text(self) -> str:
        with translation.override(self.lang):
            return _("%(rows)s rows: %(created)s actuals added, %(updated)s replaced.") % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
            }


def _read(path: Path, issues: _Issues) -> list[tuple[int, dict]]:
    from ihya.core.ingest.sources import open_tables

    try:
        sheet = next(iter(open_tables(path)))
        header = [(clean_text(h) or "").lower() for h in sheet.header]
        header = [HEADERS.get(h, h) for h in header]
        missing = [c for c in REQUIRED if c not in header]
        for column in missing:
            issues.add("missing_column", 1, column)
        if missing:
            return []
        rows = [(n, dict(zip(header, cells, strict=False))) for n, cells in sheet.rows]
    except (ParseError, StopIteration, UnicodeError, OSError) as exc:
        code = exc.code if isinstance(exc, ParseError) and exc.code == "empty_file" else ""
        issues.add(code or "unreadable")
        return []
    if not rows:
        issues.add("empty_file")
    return rows


def kpi_import(*, actor, path: Path | str, lang: str = "en") -> ImportResult:
    """Actuals from a file (CSV in any encoding — UTF-8 with or without BOM, Windows-1256 — or
    XLSX; columns quarter, indicator, value and optionally body, municipality, note; headers in
    English or Arabic; Arabic-Indic digits and decimal commas read). Every row is checked and
    every problem reported (``Invalid``, each with its row and column in Arabic and English);
    nothing is written on any problem; otherwise all rows are written in one transaction.
    ``lang``: the language of the result's summary."""
    from ihya.accounts.actors import Actor

    actor = Actor.of(actor)
    actor.require(PERMISSION)
    path = Path(path)
    issues = _Issues(path.name)
    rows = _read(path, issues)
    lookups = _lookups()
    checked: list[Row] = []
    first: dict[tuple, int] = {}
    for n, raw in rows:
        row = _check(raw, n, issues, lookups)
        if row is None:
            continue
        if row.key in first:
            issues.add("duplicate_row", n, "quarter", str(row.period), first=first[row.key])
            continue
        first[row.key] = n
        checked.append(row)
    if issues.problems:
        raise Invalid(*issues.problems)
    created, updated = _write(actor, checked, note=path.name[:200])
    return ImportResult(len(checked), created, updated, lang)
