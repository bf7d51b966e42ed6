"""The demo's executive plan (400 factories, "Balanced (demo)"): every funded requirement's chain
on the bodies' teams, under the yearly budgets, scheduled by CP-SAT in a time limit, beside the
best lower bound (the solver's, the critical path, the teams' energy) and beside a plain
priority-rule list scheduler (serial SGS, latest finish) on the same instance.

    python benchmarks/plan_demo.py --time-limit 60

Loads the demo into a temporary IHYA_HOME (SQLite) unless IHYA_HOME already holds it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--objective", default="makespan", choices=["makespan", "weighted"])
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("IHYA_HOME", tempfile.mkdtemp(prefix="ihya-bench-plan-"))
    import ihya.bootstrap

    ihya.bootstrap.setup()
    from django.core.management import call_command

    from ihya.core.plan.bounds import makespan_bounds
    from ihya.core.plan.greedy import serial_schedule
    from ihya.core.plan.model import Settings, objective_of, solve
    from ihya.diagnosis.models import Requirement
    from ihya.plan.building import plan_draft
    from ihya.plan.services import DEMO_SCENARIO
    from ihya.portfolio.selectors import scenario_named

    call_command("migrate", verbosity=0)
    if scenario_named(DEMO_SCENARIO) is None:
        from ihya.demo.services import demo_load

        print("loading the demo …", flush=True)
        demo_load(plan=False)
    result = scenario_named(DEMO_SCENARIO).outcome
    requirements = {
        r.external_id: r
        for r in Requirement.objects.filter(
            external_id__in=[f.requirement_id for f in result.funded]
        ).select_related("responsible_body")
    }
    draft = plan_draft(
        result=result, requirements=requirements, start=__import__("datetime").date(2027, 1, 3)
    )
    instance = draft.instance
    tasks = {t.id: t for t in instance.tasks}
    print(
        f"{len(result.selected)} factories, {len(result.funded)} requirements -> "
        f"{len(instance.tasks)} tasks on {len(instance.resources)} teams, "
        f"{len(instance.spending)} quarterly spending limits (cumulative)"
    )
    started = time.perf_counter()
    greedy = serial_schedule(instance)
    greedy_seconds = time.perf_counter() - started
    solved = solve(
        instance,
        Settings(objective=args.objective, time_limit=args.time_limit, workers=args.workers),
    )
    bounds = makespan_bounds(instance)
    cpm, energy = bounds.critical_path, bounds.energy
    print(
        f"CP-SAT ({args.objective}): {solved.status} in {solved.seconds:.1f} s, "
        f"objective {solved.objective:,.1f}, makespan {solved.makespan} working days"
    )
    if args.objective == "makespan":
        bound = max(solved.lower_bound or 0, cpm, energy)
        print(
            f"lower bounds: solver {solved.lower_bound:,.0f}, critical path {cpm}, "
            f"teams' energy {energy} ({bounds.energy_resource}) -> best {bound:,.0f}; "
            f"gap {(solved.makespan - bound) / solved.makespan:.2%}"
        )
    else:
        print(f"lower bound (solver) {solved.lower_bound:,.1f}; gap {solved.gap:.2%}")
    if greedy is None:
        print("list scheduler: no schedule within the spending limits")
    else:
        value = objective_of(instance, greedy, args.objective)
        span = max(greedy[t] + instance.length(tasks[t]) for t in greedy)
        print(
            f"list scheduler: objective {value:,.1f}, makespan {span} in {greedy_seconds:.2f} s; "
            f"CP-SAT {(value - solved.objective) / value:+.2%} better"
        )


if __name__ == "__main__":
    main()
