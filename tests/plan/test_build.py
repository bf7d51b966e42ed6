"""A plan built from a solved portfolio scenario: every funded requirement's chain, every chosen
factory's restart and first export, on the teams, under the yearly budgets, in Libyan working
days; approved once, then fixed."""

import pytest
from typer.testing import CliRunner

from ihya.cli import app
from ihya.core.plan.calendar import WorkCalendar
from ihya.diagnosis.models import Requirement
from ihya.errors import Conflict, Forbidden, Invalid
from ihya.plan.building import plan_draft
from ihya.plan.catalogue import holidays, task_templates
from ihya.plan.models import Plan
from ihya.plan.services import plan_approve, plan_build
from ihya.portfolio.services import portfolio_scenario_save
from tests.core.plan.checker import violations
from tests.plan.conftest import START

pytestmark = pytest.mark.django_db


def test_a_solved_scenario_becomes_a_scheduled_plan(solved, actors):
    plan = plan_build(actor=actors["ministry"], scenario_id=solved.pk, start=START, time_limit=2)
    result = solved.outcome
    tasks = {t.key: t for t in plan.tasks.all()}
    # every funded requirement is one chain of its type's steps; every factory two milestones
    for funded in result.funded:
        kind = Requirement.objects.get(external_id=funded.requirement_id).type
        chain = [f"{funded.requirement_id}/{s.code}" for s in task_templates()[kind]]
        assert all(key in tasks for key in chain)
        assert [tasks[k].predecessors for k in chain[1:]] == [[k] for k in chain[:-1]]
    for row in result.selected:
        restart = tasks[f"{row.factory_id}/restart"]
        export = tasks[f"{row.factory_id}/first_export"]
        assert restart.kind == "restart" and export.start_day >= restart.start_day
        for rid in row.requirements:
            last = [k for k in tasks if k.startswith(f"{rid}/")][-1]
            assert tasks[last].finish_day <= max(restart.start_day, export.start_day)
    assert plan.summary["status"] in ("optimal", "feasible", "time_limit")
    assert plan.summary["tasks"] == len(tasks) and plan.version == 1
    # the schedule, checked independently: teams, money, order, the working calendar
    requirements = {
        r.external_id: r
        for r in Requirement.objects.filter(
            external_id__in=[f.requirement_id for f in result.funded]
        ).select_related("responsible_body")
    }
    draft = plan_draft(result=result, requirements=requirements, start=START)
    if plan.summary["spending_limits"] == "relaxed":
        draft.instance.spending = []
    start = {k: t.start_day for k, t in tasks.items()}
    calendar = WorkCalendar(START, holidays())
    assert violations(draft.instance, start, calendar=calendar) == []
    assert all(t.start_date == calendar.date_of(t.start_day) for t in tasks.values())
    assert any(t.critical for t in tasks.values())
    # the quarterly targets end with every chosen factory restarted, the spending adds up
    last = plan.targets[-1]
    assert plan.targets[0]["ends"] > START.isoformat()
    assert sum(q["spending"] for q in plan.targets) <= sum(t.cost for t in tasks.values()) + 1
    assert last["factories_restarted"] <= len(result.selected)


def test_approval_by_the_committee_only_and_once(solved, actors):
    plan = plan_build(actor=actors["secretary"], scenario_id=solved.pk, start=START, time_limit=2)
    with pytest.raises(Forbidden):
        plan_approve(actor=actors["secretary"], name=plan.name)
    approved = plan_approve(actor=actors["member"], name=plan.name)
    assert approved.state == Plan.State.APPROVED and approved.approved_by == actors["member"]
    with pytest.raises(Conflict):
        plan_approve(actor=actors["admin"], name=plan.name)
    again = plan_build(actor=actors["secretary"], scenario_id=solved.pk, start=START, time_limit=2)
    assert (again.version, again.parent) == (2, approved)  # a revision is a new version
    with pytest.raises(Forbidden):
        plan_build(actor=actors["viewer"], scenario_id=solved.pk)


def test_an_unsolved_scenario_cannot_be_planned(small_demo, actors):
    scenario = portfolio_scenario_save(actor=None, name="unsolved", budgets=[1e6])
    with pytest.raises(Invalid) as refused:
        plan_build(actor=actors["ministry"], scenario_id=scenario.pk)
    assert refused.value.codes == ["not_solved"]


def test_the_command_line_builds_lists_shows_and_approves(solved, tmp_path):
    runner = CliRunner()
    built = runner.invoke(
        app, ["plan", "build", "Plan me", "--start", "2027-01-03", "--time-limit", "2"]
    )
    assert built.exit_code == 0, built.output
    assert "Plan me v1 (draft)" in built.output
    listed = runner.invoke(app, ["plan", "list"])
    assert "Plan me" in listed.output and "draft" in listed.output
    shown = runner.invoke(app, ["plan", "show", "Plan me"])
    assert shown.exit_code == 0 and "milestones" in shown.output and "targets" in shown.output
    approved = runner.invoke(app, ["plan", "approve", "Plan me"])
    assert approved.exit_code == 0 and "approved" in approved.output
    assert runner.invoke(app, ["plan", "approve", "Plan me"]).exit_code == 1
