"""PSPLIB's single-mode RCPSP files (``.sm``, Kolisch & Sprecher 1996): the standard benchmark
instances the scheduler is checked against (j30, j60, j120)."""

from __future__ import annotations

import re
from pathlib import Path

from ihya.core.plan.instance import PlanInstance, Resource, Task


def read_sm(path: Path) -> PlanInstance:
    """Jobs as tasks named by their number (the dummy source and sink included, duration 0),
    precedence from the successors' table, renewable resources R1… with their capacities."""
    text = Path(path).read_text(encoding="latin-1")
    lines = text.splitlines()

    def section(title: str) -> list[str]:
        start = next(i for i, line in enumerate(lines) if line.startswith(title))
        out = []
        for line in lines[start + 1 :]:
            if line.startswith("***") or (out and not line.strip()):
                break
            out.append(line)
        return out

    successors: dict[str, list[str]] = {}
    for line in section("PRECEDENCE RELATIONS:")[1:]:
        cells = line.split()
        if cells and cells[0].isdigit():
            successors[cells[0]] = cells[3 : 3 + int(cells[2])]
    predecessors: dict[str, list[str]] = {job: [] for job in successors}
    for job, after in successors.items():
        for s in after:
            predecessors[s].append(job)
    block = section("REQUESTS/DURATIONS:")
    names = [f"R{n}" for n in re.findall(r"R\s*(\d+)", block[0])]
    tasks = []
    for line in block[2:]:
        cells = line.split()
        if not cells or not cells[0].isdigit():
            continue
        job, duration, demand = cells[0], int(cells[2]), [int(c) for c in cells[3:]]
        tasks.append(
            Task(
                id=job,
                duration=duration,
                predecessors=tuple(predecessors[job]),
                demand={n: d for n, d in zip(names, demand, strict=True) if d},
            )
        )
    capacities = [int(c) for c in section("RESOURCEAVAILABILITIES:")[1].split()]
    return PlanInstance(
        tasks=tasks,
        resources=[Resource(n, c) for n, c in zip(names, capacities, strict=True)],
    )
