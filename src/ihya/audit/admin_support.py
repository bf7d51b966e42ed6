"""Changes made in Django's admin go to the audit log too, in the admin's own transaction: a
``ModelAdmin`` mixin that records every save (the changed fields, before and after), every
inline row added, changed or deleted, and every delete."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from ihya.audit.services import Change, audit_record

NOTE = "admin"


def _label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _plain(value: Any) -> Any:
    """A value as the log stores it: model instances and querysets by their names."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (models.QuerySet, set, frozenset)):  # many-to-many: a set of names
        return sorted(str(v) for v in value)
    if isinstance(value, (list, tuple)):  # a JSON list (budgets by year): order kept
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _secret(name: str) -> bool:
    return "password" in name or name in {"digest", "token"}


def admin_record(request, changes: list[Change]) -> None:
    """Append ``changes`` made by ``request.user`` in the admin, inside the admin's transaction
    when there is one (a bulk action runs outside any)."""
    if changes:
        with transaction.atomic():
            audit_record(actor=request.user, changes=changes)


def _fields(form, names) -> dict[str, Any]:
    """The form's values of ``names`` (a password is recorded as changed, never its hash)."""
    return {
        name: "(changed)" if _secret(name) else _plain(form.cleaned_data.get(name))
        for name in names
    }


class AuditedAdmin:
    """Mix into a ``ModelAdmin`` before it: ``class XAdmin(AuditedAdmin, admin.ModelAdmin)``."""

    def save_model(self, request, obj, form, change):
        before = {
            name: "(changed)" if _secret(name) else _plain(form.initial.get(name))
            for name in form.changed_data
        }
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        admin_record(
            request,
            [
                Change(
                    "update" if change else "create",
                    _label(obj),
                    str(obj.pk),
                    before if change else None,
                    _fields(form, form.changed_data),
                    NOTE,
                )
            ],
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changes = [
            Change("create", _label(obj), str(obj.pk), None, {"value": str(obj)}, NOTE)
            for obj in formset.new_objects
        ]
        changes += [
            Change("update", _label(obj), str(obj.pk), None, {"fields": sorted(fields)}, NOTE)
            for obj, fields in formset.changed_objects
        ]
        changes += [
            Change("delete", _label(obj), str(obj.pk), {"value": str(obj)}, None, NOTE)
            for obj in formset.deleted_objects
        ]
        admin_record(request, changes)

    def delete_model(self, request, obj):
        record = Change("delete", _label(obj), str(obj.pk), {"value": str(obj)}, None, NOTE)
        with transaction.atomic():
            super().delete_model(request, obj)
            admin_record(request, [record])

    def delete_queryset(self, request, queryset):
        records = [
            Change("delete", _label(obj), str(obj.pk), {"value": str(obj)}, None, NOTE)
            for obj in queryset
        ]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            admin_record(request, records)
