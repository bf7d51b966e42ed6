"""Roles as Django groups with model permissions: one table, checked by Django's own
``user.has_perm``. Object rules (each body edits its own assessments) are in ``can_edit``."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

VIEW = [
    "registry.view_factory",
    "registry.view_factoryproduct",
    "registry.view_factoryinput",
    "registry.view_exportrecord",
    "registry.view_statuschange",
    "diagnosis.view_diagnosis",
    "diagnosis.view_diagnosiscause",
    "diagnosis.view_requirement",
    "diagnosis.view_revivalscheme",
    "audit.view_auditentry",
    "trade.view_traderun",
    "linkages.view_iotable",
    "linkages.view_iosector",
    "priority.view_scenario",
    "portfolio.view_portfolioscenario",
    "plan.view_plan",
    "plan.view_plantask",
    "followup.view_case",
    "followup.view_caseevent",
    "followup.view_productionreport",
    "followup.view_decision",
    "followup.view_meeting",
    "followup.view_taskupdate",
    "followup.view_evidence",
    "kpi.view_kpiactual",
]
EDIT_REGISTRY = [
    "registry.add_factory",
    "registry.change_factory",
    "registry.add_factoryproduct",
    "registry.change_factoryproduct",
    "registry.delete_factoryproduct",
    "registry.add_factoryinput",
    "registry.change_factoryinput",
    "registry.delete_factoryinput",
    "registry.add_exportrecord",
    "registry.change_exportrecord",
    "registry.delete_exportrecord",
]
ASSESS = [
    "diagnosis.add_diagnosis",
    "diagnosis.change_diagnosis",
    "diagnosis.add_diagnosiscause",
    "diagnosis.change_diagnosiscause",
    "diagnosis.delete_diagnosiscause",
    "diagnosis.add_requirement",
    "diagnosis.change_requirement",
    "diagnosis.add_revivalscheme",
    "diagnosis.change_revivalscheme",
]
IMPORT = ["registry.import_registry"]
PLAN_BUILD = ["plan.build_plan"]
PLAN_APPROVE = ["plan.approve_plan"]
MOVE_CASES = ["followup.move_case"]  # which moves: the workflow's roles (data/followup/)
REPORT_PRODUCTION = ["followup.add_productionreport"]
DECISIONS = ["followup.add_decision", "followup.change_decision"]
MEETINGS = ["followup.add_meeting", "followup.change_meeting"]
PROGRESS = ["followup.add_taskupdate", "followup.add_evidence"]
KPI_ACTUALS = ["kpi.add_kpiactual", "kpi.change_kpiactual"]  # enter and import actuals
TRADE = [
    "trade.run_trade",
    "linkages.load_iotable",
    "priority.edit_scenario",
    "priority.add_scenario",
    "portfolio.add_portfolioscenario",
    "portfolio.change_portfolioscenario",
    "portfolio.solve_portfolioscenario",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "admin": [
        *VIEW,
        *EDIT_REGISTRY,
        *ASSESS,
        *IMPORT,
        *TRADE,
        *PLAN_BUILD,
        *PLAN_APPROVE,
        *MOVE_CASES,
        *REPORT_PRODUCTION,
        *DECISIONS,
        *MEETINGS,
        *PROGRESS,
        *KPI_ACTUALS,
        "registry.delete_factory",
    ],
    "secretariat": [
        *VIEW,
        *EDIT_REGISTRY,
        *IMPORT,
        *PLAN_BUILD,
        *MOVE_CASES,
        *REPORT_PRODUCTION,
        *DECISIONS,
        *MEETINGS,
        *PROGRESS,
        *KPI_ACTUALS,
    ],
    "ministry_analyst": [
        *VIEW,
        *EDIT_REGISTRY,
        *ASSESS,
        *IMPORT,
        *TRADE,
        *PLAN_BUILD,
        *MOVE_CASES,
        *REPORT_PRODUCTION,
        *PROGRESS,
        *KPI_ACTUALS,
    ],
    "authority_analyst": [*VIEW, *ASSESS, *TRADE, *PLAN_BUILD, *MOVE_CASES, *PROGRESS],
    "committee_member": [*VIEW, *PLAN_APPROVE, *MOVE_CASES],
    "viewer": [*VIEW],
}


def roles_sync() -> dict[str, int]:
    """Create or update one group per role with exactly its permissions."""
    counts = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
        counts[role] = len(wanted)
    return counts


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def can_edit_assessment(actor, body_id: int | None) -> bool:
    """Each body records and edits its own assessments; an administrator, the command line and
    the system may record any. ``actor``: an ``Actor`` or a user."""
    from ihya.accounts.actors import Actor

    actor = Actor.of(actor)
    if actor.user is None or role_of(actor.user) == "admin":
        return True
    if not actor.has_perm("diagnosis.change_diagnosis"):
        return False
    own = actor.body_id()
    return own is not None and own == body_id
