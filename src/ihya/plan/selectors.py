"""Reads of executive plans."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ihya.errors import NotFound, Problem
from ihya.plan.models import Plan


def plan_list():
    """Every version of every plan, by name then version."""
    return Plan.objects.select_related("scenario", "created_by", "approved_by").order_by(
        "name", "version"
    )


def plan_get(*, name: str, version: int | None = None) -> Plan:
    """A version of a plan (the latest by default); ``NotFound`` otherwise."""
    versions = plan_list().filter(name=name)
    plan = (versions.filter(version=version) if version else versions.order_by("-version")).first()
    if plan is None:
        raise NotFound(
            Problem.of(None, "not_found", _("No plan “%(name)s”."), name=f"{name} v{version or ''}")
        )
    return plan


def plan_tasks(*, plan: Plan):
    return plan.tasks.order_by("start_day", "id")


def plan_by_id(plan_id: int) -> Plan | None:
    return plan_list().filter(pk=plan_id).first()


def build_get(build_id: int):
    from ihya.plan.models import PlanBuild

    return PlanBuild.objects.filter(pk=build_id).first()


def plan_versions(*, name: str):
    return plan_list().filter(name=name).order_by("version")
