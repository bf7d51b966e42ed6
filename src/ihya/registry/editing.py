"""Creating and editing one factory: the page's form, the API and any other caller.

A factory written one at a time obeys exactly the rules of an imported one: its values are
checked as a row of the ``factories`` import (the column definitions in
``data/import_columns.csv`` and the row rules — a name in Arabic or English, no employees in a
closed factory…), so a page, the API and an import give the same coded problem for the same
value. Only then is the factory written, in one audited transaction; an edit made on a stale
version is refused (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.audit.services import Change, audit_record
from ihya.core.ingest.sources import Sheet
from ihya.core.ingest.validate import validate_sheet
from ihya.errors import Conflict, Invalid, Problem, StaleEdit
from ihya.reference.models import IsicActivity, Municipality
from ihya.reference.selectors import import_lookups
from ihya.registry import messages, writers
from ihya.registry.models import Factory, StatusChange
from ihya.registry.schema import specs
from ihya.registry.selectors import factory_not_found

# model field -> the factories import column holding it (the same name where not listed)
COLUMN_OF = {"external_id": "factory_id", "activity": "isic"}
FACTORY_EDIT_FIELDS = [
    "name_ar",
    "name_en",
    "municipality",
    "industrial_zone",
    "latitude",
    "longitude",
    "activity",
    "ownership",
    "status",
    "stalled_since",
    "established_year",
    "employees_now",
    "employees_before",
    "design_capacity",
    "capacity_unit",
    "utilisation_pct",
    "notes",
]
COLUMNS = ["factory_id", *(COLUMN_OF.get(f, f) for f in FACTORY_EDIT_FIELDS)]


# a save on an older version of the factory (optimistic locking: ihya.errors.StaleEdit)
STALE = _(
    "Somebody saved this factory after you opened it (it is now at version "
    "%(version)s). Reload it to see their changes, then make yours again."
)


def factory_row(*, factory: Factory) -> dict[str, Any]:
    """The factory as a row of the ``factories`` import (codes for the municipality and ISIC)."""
    row = {COLUMN_OF.get(f, f): getattr(factory, f) for f in FACTORY_EDIT_FIELDS}
    row["factory_id"] = factory.external_id
    row["municipality"] = factory.municipality.code
    row["isic"] = factory.activity.code
    return row


def _code(value: Any) -> Any:
    """A related record given as an object (a form's choice) is taken by its code."""
    return getattr(value, "code", value)


def factory_validate(*, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``data`` (import column names; model field names are accepted too) as one row of
    the ``factories`` import; return the clean row or raise ``Invalid`` naming each column."""
    data = {COLUMN_OF.get(k, k): _code(v) for k, v in data.items()}
    unknown = sorted(set(data) - set(COLUMNS))
    if unknown:
        raise Invalid(
            *(
                Problem.of(k, "unknown_field", _("There is no field “%(field)s”."), field=k)
                for k in unknown
            )
        )
    spec = specs()["factories"]
    header = [c.name for c in spec.columns]
    cells = [_cell(data.get(c)) for c in header]
    sheet = Sheet(name="factories", header=header, rows=iter([(2, cells)]), size_hint=1)
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


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _model_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """A clean import row as the factory's model fields."""
    values = {f: conv(row[col]) for f, (col, conv) in writers.FACTORY_FIELDS.items()}
    values["municipality"] = Municipality.objects.get(code=row["municipality"])
    values["activity"] = IsicActivity.objects.get(code=row["isic"])
    return values


def _snapshot(factory: Factory) -> dict[str, Any]:
    values = {}
    for name in FACTORY_EDIT_FIELDS:
        field_ = Factory._meta.get_field(name)
        values[field_.attname] = getattr(factory, field_.attname)
    return values


def _status_changed(factory: Factory, before: str) -> None:
    """The status history's entry for an edit (effective on the stall date when stopped)."""
    StatusChange.objects.create(
        factory=factory,
        status_from=before,
        status_to=factory.status,
        effective_on=factory.stalled_since if factory.status in writers.STOPPED else None,
        source="edit",
    )


def factory_create(*, actor: Actor, data: Mapping[str, Any]) -> Factory:
    """Create a factory from ``data`` (the columns of the factories import); audited with its
    initial status. ``Forbidden`` without the right, ``Invalid`` on a bad value, ``Conflict``
    when the id is taken."""
    actor = Actor.of(actor)
    actor.require("registry.add_factory")
    row = factory_validate(data=data)
    with transaction.atomic():
        if Factory.objects.filter(external_id=row["factory_id"]).exists():
            raise Conflict(
                Problem.of(
                    "factory_id",
                    "exists",
                    _("A factory with the id “%(id)s” exists already."),
                    id=row["factory_id"],
                )
            )
        factory = Factory(external_id=row["factory_id"], version=1, **_model_values(row))
        factory.save()
        _status_changed(factory, "")
        audit_record(
            actor=actor,
            changes=[
                Change("create", "registry.factory", factory.external_id, None, _snapshot(factory))
            ],
        )
    return factory


def factory_update(
    *, actor: Actor, factory_id: str, data: Mapping[str, Any], version: int
) -> Factory:
    """Save changes (``data``: some columns of the factories import) made on ``version`` of the
    factory. The factory as changed is checked whole, as an imported row is; ``StaleEdit``
    (409) when somebody saved a newer version meanwhile, never overwriting their change."""
    actor = Actor.of(actor)
    actor.require("registry.change_factory")
    data = {COLUMN_OF.get(k, k): v for k, v in data.items()}
    if data.get("factory_id") not in (None, factory_id):
        raise Invalid(Problem.of("factory_id", "read_only", _("A factory's id cannot be changed.")))
    with transaction.atomic():
        current = (
            Factory.objects.select_for_update()
            .select_related("municipality", "activity")
            .filter(external_id=factory_id)
            .first()
        )
        if current is None:
            raise factory_not_found(factory_id)
        if current.version != version:
            raise StaleEdit(current.version, STALE)
        row = factory_validate(data={**factory_row(factory=current), **data})
        before = _snapshot(current)
        for name, value in _model_values(row).items():
            setattr(current, name, value)
        after = _snapshot(current)
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return current
        current.version = version + 1
        current.save()
        if before["status"] != current.status:
            _status_changed(current, before["status"])
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "update",
                    "registry.factory",
                    current.external_id,
                    {k: before[k] for k in changed},
                    {k: after[k] for k in changed},
                )
            ],
        )
    return current
