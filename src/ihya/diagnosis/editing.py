"""Editing one requirement or one revival scheme from the factory's file (the page, or any other
caller), for the follow-up: a requirement's status, responsible body, cost and lead time; a
scheme's partner, notes and whether it is preferred.

The record as changed is checked whole as a row of its import (``requirements`` or ``schemes``
in ``data/import_columns.csv``), so a page and an import give the same coded problem for the
same value. The rights are an import's of that entity (``diagnosis.change_requirement``,
``diagnosis.change_revivalscheme``). Neither model has a version field: the caller passes the
values it read (``expected``) and an edit made on values somebody changed meanwhile is refused
(``StaleRecord``, 409), never overwriting their change. Every change is audited, in its
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.audit.services import Change, audit_record
from ihya.core.ingest.sources import Sheet
from ihya.core.ingest.validate import validate_sheet
from ihya.diagnosis.models import Requirement, RevivalScheme
from ihya.errors import Conflict, Invalid, NotFound, Problem
from ihya.reference.models import Body
from ihya.reference.selectors import import_lookups
from ihya.registry import messages
from ihya.registry.schema import specs

REQUIREMENT_FIELDS = ("status", "responsible_body", "cost_lyd", "lead_time_months")
SCHEME_FIELDS = ("partner", "notes", "is_preferred")


class StaleRecord(Conflict):
    """The record changed since the page showed it (the values read no longer hold)."""

    def __init__(self, field: str) -> None:
        super().__init__(
            Problem.of(
                field,
                "stale",
                _(
                    "Somebody changed this record after you opened it. Reload the page to see "
                    "their change, then make yours again."
                ),
            )
        )


def _validate(entity: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` checked as one row of the ``entity`` import; the clean row, or ``Invalid``."""
    spec = specs()[entity]
    header = [c.name for c in spec.columns]
    cells = ["" if row.get(c) is None else row.get(c) for c in header]
    sheet = Sheet(name=entity, header=header, rows=iter([(2, cells)]), size_hint=1)
    table, issues = validate_sheet(spec, sheet, import_lookups())
    errors = [i for i in issues if i.level == "error"]
    if errors:
        raise Invalid(
            *(
                Problem(
                    i.column, i.code, messages.render(i, "ar"), messages.render(i, "en"), i.params
                )
                for i in errors
            )
        )
    return table.rows[0]


def _unknown(data: Mapping[str, Any], allowed) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise Invalid(
            *(
                Problem.of(k, "unknown_field", _("There is no field “%(field)s”."), field=k)
                for k in unknown
            )
        )


def _same(current: Any, read: Any) -> bool:
    """A value as stored against the same value as a page read it (text from a form)."""
    if isinstance(current, bool):
        return (
            str(read).lower() in ("true", "1", "on", "yes")
            if current
            else (str(read).lower() in ("false", "0", "", "off", "no", "none"))
        )
    if isinstance(current, (int, Decimal)):
        try:
            return Decimal(str(read)) == Decimal(current)
        except (InvalidOperation, ValueError):
            return False
    return str(current or "") == str(read or "")


def requirement_row(*, requirement: Requirement) -> dict[str, Any]:
    """The requirement as a row of the ``requirements`` import (the body by its code)."""
    return {
        "requirement_id": requirement.external_id,
        "type": requirement.type,
        "description_ar": requirement.description_ar,
        "description_en": requirement.description_en,
        "cost_lyd": requirement.cost_lyd,
        "fx_share_pct": requirement.fx_share_pct,
        "lead_time_months": requirement.lead_time_months,
        "responsible_body": requirement.responsible_body.code,
        "status": requirement.status,
        "factory_ids": ";".join(sorted(f.external_id for f in requirement.factories.all())),
    }


def _requirement_snapshot(r: Requirement) -> dict[str, Any]:
    return {
        "status": r.status,
        "responsible_body_id": r.responsible_body_id,
        "cost_lyd": r.cost_lyd,
        "lead_time_months": r.lead_time_months,
    }


def requirement_update(
    *,
    actor: Actor,
    requirement_id: str,
    data: Mapping[str, Any],
    expected: Mapping[str, Any],
) -> Requirement:
    """Change some of a requirement's status, responsible body (its code), cost (LYD) and lead
    time (months). ``expected``: those fields as the caller read them; ``StaleRecord`` (409)
    when one of them changed since. ``Forbidden`` without ``diagnosis.change_requirement``,
    ``Invalid`` on a value its import would refuse, ``NotFound`` for an unknown id."""
    actor = Actor.of(actor)
    actor.require("diagnosis.change_requirement")
    _unknown(data, REQUIREMENT_FIELDS)
    with transaction.atomic():
        current = (
            Requirement.objects.select_for_update()
            .select_related("responsible_body")
            .filter(external_id=requirement_id)
            .first()
        )
        if current is None:
            raise NotFound(
                Problem.of(
                    "requirement_id",
                    "not_found",
                    _("No requirement has the id “%(id)s”."),
                    id=requirement_id,
                )
            )
        row = requirement_row(requirement=current)
        for name in REQUIREMENT_FIELDS:
            if name in expected and not _same(row[name], expected[name]):
                raise StaleRecord(name)
        clean = _validate("requirements", {**row, **data})
        before = _requirement_snapshot(current)
        current.status = clean["status"] or "identified"
        current.responsible_body = Body.objects.get(code=clean["responsible_body"])
        current.cost_lyd = clean["cost_lyd"]
        current.lead_time_months = clean["lead_time_months"]
        after = _requirement_snapshot(current)
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return current
        current.save()
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "update",
                    "diagnosis.requirement",
                    current.external_id,
                    {k: before[k] for k in changed},
                    {k: after[k] for k in changed},
                )
            ],
        )
    return current


def _scheme_snapshot(s: RevivalScheme) -> dict[str, Any]:
    return {"partner": s.partner, "notes": s.notes, "is_preferred": s.is_preferred}


def scheme_update(
    *,
    actor: Actor,
    factory_id: str,
    mode: str,
    data: Mapping[str, Any],
    expected: Mapping[str, Any],
) -> RevivalScheme:
    """Change a revival scheme's partner, notes or preference, as ``requirement_update`` does
    (``diagnosis.change_revivalscheme``; checked as a row of the ``schemes`` import)."""
    actor = Actor.of(actor)
    actor.require("diagnosis.change_revivalscheme")
    _unknown(data, SCHEME_FIELDS)
    with transaction.atomic():
        current = (
            RevivalScheme.objects.select_for_update()
            .filter(factory__external_id=factory_id, mode=mode)
            .first()
        )
        if current is None:
            raise NotFound(
                Problem.of("mode", "not_found", _("This factory has no scheme of this mode."))
            )
        before = _scheme_snapshot(current)
        for name in SCHEME_FIELDS:
            if name in expected and not _same(before[name], expected[name]):
                raise StaleRecord(name)
        row = {"factory_id": factory_id, "mode": mode, **before}
        row["is_preferred"] = "yes" if before["is_preferred"] else "no"
        merged = {**row, **data}
        if isinstance(merged["is_preferred"], bool):
            merged["is_preferred"] = "yes" if merged["is_preferred"] else "no"
        clean = _validate("schemes", merged)
        current.partner = clean["partner"] or ""
        current.notes = clean["notes"] or ""
        current.is_preferred = bool(clean["is_preferred"])
        after = _scheme_snapshot(current)
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return current
        current.save()
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "update",
                    "diagnosis.revivalscheme",
                    factory_id,
                    {k: before[k] for k in changed},
                    {"mode": mode, **{k: after[k] for k in changed}},
                )
            ],
        )
    return current


def requirement_statuses() -> list[tuple[str, str]]:
    """The statuses a requirement may take, with their labels (the page's choices)."""
    from ihya.diagnosis.models import Requirement

    return list(Requirement._meta.get_field("status").choices)
