"""Executive-plan use cases. For now: any schedule instance as a folder of tables (the use case
of ``ihya plan schedule``): read and check it, schedule it with CP-SAT, find its critical path,
write the schedule."""

from __future__ import annotations

from pathlib import Path

from ihya.core.plan.cpm import critical_path
from ihya.core.plan.files import read_instance, write_result
from ihya.core.plan.instance import PlanInputError
from ihya.core.plan.model import Progress, Settings, solve
from ihya.errors import Invalid, Problem
from ihya.plan.messages import issue_text


def plan_schedule_files(
    *,
    in_dir: Path,
    out_dir: Path,
    objective: str = "makespan",
    time_limit: float = 30.0,
    progress: Progress | None = None,
) -> dict:
    """Schedule the folder ``in_dir`` and write ``out_dir``/schedule.csv and summary.json;
    returns the summary. ``Invalid`` (every problem with its file, row and column, in Arabic
    and English; nothing written) when the folder is not a schedulable instance."""
    try:
        instance = read_instance(Path(in_dir))
    except PlanInputError as exc:
        raise Invalid(
            *(
                Problem(
                    i.column or None,
                    i.code,
                    issue_text(i, "ar"),
                    issue_text(i, "en"),
                    {"file": i.file, "row": i.row},
                )
                for i in exc.issues
            )
        ) from None
    result = solve(instance, Settings(objective=objective, time_limit=time_limit), progress)
    cpm = critical_path(instance, result.start) if result.start is not None else None
    return write_result(instance, result, cpm, Path(out_dir))
