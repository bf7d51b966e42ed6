"""Audit entries as a person reads them: "Factory changed", "status: stalled → operating",
"municipality: Benghazi" — field names by their verbose names, codes by their labels, related
records by their names, numbers without exponents; the entries of one import collapsed into one
line (``history_groups``). The stored entries stay as recorded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ihya import formats


@dataclass
class HistoryRow:
    at: Any
    actor: str
    what: str
    changes: list[tuple[str, str | None, str]]  # (field, before or None, after)


@dataclass
class ImportGroup:
    """The consecutive entries of one import, shown as one line that unfolds."""

    at: Any
    actor: str
    source: str
    rows: list[HistoryRow]

    @property
    def count(self) -> int:
        return len(self.rows)


def _actions() -> dict[str, str]:
    return {
        "create": _("created"),
        "update": _("changed"),
        "delete": _("deleted"),
        "import": _("imported"),
    }


def _model(entity: str):
    try:
        return apps.get_model(entity)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


_NUMERIC = (models.IntegerField, models.DecimalField, models.FloatField)


def _number(value: Any) -> str:
    """A number as the pages write it (the log keeps ``5E+3`` as JSON stored it)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    return formats.number(number.normalize(), get_language() or "ar")


NATURAL_KEYS = ("external_id", "code")  # what the import files name related records by


def _related(model, value: Any):
    """The record a logged value names. Services log related records by primary key (a JSON
    number); imports log the codes of their files (``factory_id: "DEMO-0001"``, ``cause:
    "fx_access"``), so text is looked up by the model's natural key. None when nothing matches
    (the value is then shown as logged)."""
    manager = model._default_manager
    if isinstance(value, str):
        for name in NATURAL_KEYS:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            return manager.filter(**{name: value}).first()
    try:
        return manager.filter(pk=model._meta.pk.to_python(value)).first()
    except (ValidationError, ValueError, TypeError):
        return None


def _value(field, value: Any, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):  # a set of related records (a requirement's factories)
        if not value:
            return "—"
        return formats.list_separator(get_language() or "ar").join(
            _value(field, v, names) for v in value
        )
    if field is not None and field.is_relation and field.related_model is not None:
        key = (field.related_model, str(value))
        if key not in names:
            found = _related(field.related_model, value)
            names[key] = str(found) if found is not None else str(value)
        return names[key]
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)) or isinstance(field, _NUMERIC):
        return _number(value)
    return str(value)  # text stays as typed: a phone number or a code is not a number


def history_rows(entries) -> list[HistoryRow]:
    actions = _actions()
    names: dict = {}
    rows = []
    for entry in entries:
        model = _model(entry.entity)
        what = str(model._meta.verbose_name).capitalize() if model is not None else entry.entity
        before = entry.before or {}
        changes = []
        for key, after in (entry.after or {}).items():
            field = _field(model, key)
            label = str(field.verbose_name) if field is not None else key
            changes.append(
                (
                    label,
                    _value(field, before[key], names) if key in before else None,
                    _value(field, after, names),
                )
            )
        actor = _("system") if entry.actor_name == "system" else entry.actor_name
        rows.append(
            HistoryRow(
                entry.at, actor, f"{what} — {actions.get(entry.action, entry.action)}", changes
            )
        )
    return rows


def history_groups(entries, imports: dict) -> list[HistoryRow | ImportGroup]:
    """``history_rows`` with the consecutive entries of one import (same time and actor, an
    import's summary logged at that time: ``imports``, time -> source) collapsed into one
    ``ImportGroup``; every other entry stays a row of its own."""
    entries = list(entries)
    rows = history_rows(entries)
    out: list[HistoryRow | ImportGroup] = []
    for entry, row in zip(entries, rows, strict=True):
        source = imports.get(entry.at)
        if source is None:
            out.append(row)
            continue
        last = out[-1] if out else None
        if isinstance(last, ImportGroup) and last.at == entry.at and last.actor == row.actor:
            last.rows.append(row)
        else:
            out.append(ImportGroup(entry.at, row.actor, source, [row]))
    return out
