"""Priority use cases: saving weight sets as named scenarios (audited), ranking any decision
matrix from a file, and AHP weights from pairwise judgements — for the pages, the API and the
command line alike."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.accounts.actors import Actor
from ihya.audit.services import Change, audit_record
from ihya.core.ingest.normalize import normalize_digits
from ihya.core.priority.ahp import (  # noqa: F401  (CR_LIMIT: for the interfaces)
    CR_LIMIT,
    AhpResult,
    ahp,
    matrix_from_pairs,
    parse_judgement,
    read_pairwise,
)
from ihya.core.priority.matrix import DecisionMatrix, read_matrix, read_pairwise_file
from ihya.core.priority.methods import PriorityInputError, Ranking, rank
from ihya.core.tables import SafeCsvWriter
from ihya.errors import Invalid, Problem
from ihya.priority.criteria import criteria
from ihya.priority.models import Scenario
from ihya.priority.selectors import METHODS


def _invalid(field: str | None, exc: Exception) -> Invalid:
    """The core's input error (English, with the offending value) as a service refusal."""
    return Invalid(Problem(field, "invalid_input", str(exc), str(exc)))


def numbers(text: str) -> list[float]:
    """ "0.3,0.4,0.3" — Arabic comma, Arabic-Indic digits and fractions (1/3) as typed — as
    floats; ``Invalid`` on anything else."""
    try:
        return [
            parse_judgement(t) if "/" in t else float(normalize_digits(t).strip())
            for t in text.replace("،", ",").split(",")
            if t.strip()
        ]
    except (ValueError, PriorityInputError):
        raise Invalid(
            Problem.of(None, "not_numbers", _("Write numbers separated by commas.")),
        ) from None


@transaction.atomic
def priority_scenario_save(
    *, actor: Actor, name: str, weights: Mapping[str, float], method: str
) -> Scenario:
    """Create or update the scenario ``name`` with these weights (criteria codes, 0–1, at least
    one above 0) and method; audited."""
    actor = Actor.of(actor)
    actor.require("priority.edit_scenario")
    name = (name or "").strip()[:120]
    known = {c.code for c in criteria()}
    problems = []
    if not name:
        problems.append(Problem.of("name", "required", _("A scenario needs a name.")))
    if method not in METHODS:
        problems.append(
            Problem.of(
                "method",
                "unknown_method",
                _("The method must be one of %(methods)s."),
                methods=", ".join(METHODS),
            )
        )
    clean = {}
    for code, value in weights.items():
        if code not in known:
            continue
        if not 0 <= float(value) <= 1:
            problems.append(
                Problem.of(f"w_{code}", "weight_range", _("A weight is a number from 0 to 1."))
            )
        clean[code] = float(value)
    if not any(clean.values()):
        problems.append(Problem.of(None, "no_weight", _("Give at least one weight above 0.")))
    if problems:
        raise Invalid(*problems)
    scenario = Scenario.objects.filter(name=name).first()
    before = {"method": scenario.method, "weights": scenario.weights} if scenario else None
    if scenario is None:
        scenario = Scenario(name=name, created_by=actor.user)
    scenario.method, scenario.weights = method, clean
    scenario.save()
    audit_record(
        actor=actor,
        changes=[
            Change(
                "update" if before else "create",
                "priority.scenario",
                name,
                before,
                {"method": method, "weights": clean},
            )
        ],
    )
    return scenario


@dataclass
class MatrixRanking:
    matrix: DecisionMatrix
    result: Ranking


def priority_rank_file(
    *,
    matrix_path: Path,
    out_path: Path,
    method: str,
    weights: Sequence[float] | None = None,
    cost: Sequence[str] = (),
    normalization: str | None = None,
    preference: Sequence[str] = ("usual",),
    q: Sequence[float] | None = None,
    p: Sequence[float] | None = None,
    s: Sequence[float] | None = None,
) -> MatrixRanking:
    """Rank the alternatives of a decision matrix (CSV/XLSX) and write alternative, score, rank
    to ``out_path``. ``Invalid`` on a bad file or parameter."""
    try:
        dm = read_matrix(matrix_path)
        unknown = [c for c in cost if c not in dm.criteria]
        if unknown:
            raise PriorityInputError(
                f"--cost names no column of the matrix: {', '.join(unknown)}; "
                f"columns: {', '.join(dm.criteria)}"
            )
        prefs = list(preference) or ["usual"]
        result = rank(
            method,
            dm.values,
            list(weights) if weights else [1.0] * len(dm.criteria),
            [c in cost for c in dm.criteria],
            normalization=normalization,
            preference=prefs[0] if len(prefs) == 1 else prefs,
            q=q,
            p=p,
            s=s,
        )
    except PriorityInputError as exc:
        raise _invalid(None, exc) from None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="") as fh:
        writer = SafeCsvWriter(csv.writer(fh))
        writer.writerow(["alternative", "score", "rank"])
        for name, score, r in zip(
            dm.alternatives, result.scores.tolist(), result.ranks.tolist(), strict=True
        ):
            writer.writerow([name, repr(score), r])
    return MatrixRanking(dm, result)


def priority_ahp_file(*, path: Path) -> AhpResult:
    """AHP weights and consistency from a square pairwise table (CSV/XLSX)."""
    try:
        header, rows = read_pairwise_file(path)
        labels, matrix = read_pairwise([header, *rows])
        return ahp(matrix, labels)
    except PriorityInputError as exc:
        raise _invalid(None, exc) from None


def priority_ahp_answers(
    *, codes: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> AhpResult:
    """AHP weights from the questionnaire's answers (a judgement per pair of criteria)."""
    try:
        return ahp(matrix_from_pairs(list(codes), dict(judgements)), list(codes))
    except PriorityInputError as exc:
        raise _invalid(None, exc) from None
