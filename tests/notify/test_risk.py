"""A file turning at risk (a late actual finish re-forecasts the plan) notifies the secretariat
and the users of the bodies responsible for the factory's requirements; plan steps past their
finish without an actual finish notify their body's users."""

import datetime as dt

import pytest

from ihya.notify.models import Notification
from ihya.notify.services import notify_scan

pytestmark = pytest.mark.django_db


def test_a_file_at_risk_and_late_steps_notify_the_right_users(
    chosen, planned, actors, tmp_path, settings
):
    from ihya.followup.progress import progress_import
    from ihya.plan.models import PlanTask

    settings.RISK_SLIP_DAYS = 30
    fid = chosen.external_id
    step = (
        planned.tasks.filter(
            requirement_id__in=chosen.requirements.values_list("external_id", flat=True)
        )
        .order_by("-finish_day")
        .first()
    )
    before = planned.tasks.filter(kind="step").order_by("finish_date").first().finish_date
    assert notify_scan(today=before).created.get("at_risk") is None  # nothing at risk yet
    late = step.finish_date + dt.timedelta(days=90)
    file = tmp_path / "progress.csv"
    file.write_text(
        "task_id,actual_start,actual_finish,percent\n"
        f"{step.key},{step.start_date.isoformat()},{late.isoformat()},100\n",
        encoding="utf-8",
    )
    result = progress_import(actor=None, path=file, as_of=late, time_limit=2)
    assert fid in result.turned_at_risk

    scan = notify_scan(today=late)
    risky = Notification.objects.filter(kind="at_risk", params__factory=fid)
    bodies = set(chosen.requirements.values_list("responsible_body__code", flat=True))
    expected = {"secretary"} | {
        name
        for name, code in (("ministry", "ministry-industry"), ("authority", "export-authority"))
        if code in bodies
    }
    assert set(risky.values_list("user__username", flat=True)) == expected
    first = risky.first()
    assert first.link == f"/cases/{fid}/" and first.params["slip"] > 30
    assert scan.created["at_risk"] >= len(expected)

    # steps of the latest version past their finish and not finished: to their body's users
    latest = result.plan
    overdue = PlanTask.objects.filter(
        plan=latest, kind="step", finish_date__lt=late, actual_finish=None
    ).exclude(body="")
    on_tasks = Notification.objects.filter(kind="deadline_passed", params__about="task")
    by_body = {"ministry-industry": "ministry", "export-authority": "authority"}
    want = {(by_body[t.body], t.key) for t in overdue if t.body in by_body}
    prefix = f"task:{latest.name}:"
    got = {(n.user.username, n.key.removeprefix(prefix).split(":passed:")[0]) for n in on_tasks}
    assert want and got == want
    assert notify_scan(today=late).total == 0  # idempotent
