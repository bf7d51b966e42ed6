"""The demo's templates are data (``ihya/data/demo/*.csv``): every code they use is one of the
reference data's, and the generator and the input–output table read them unchanged."""

import csv
from pathlib import Path

import numpy as np

from ihya import vocabularies
from ihya.demo.catalogue import (
    industrial_zones,
    industries,
    io_sectors,
    requirement_templates,
    shared_assets,
)
from ihya.demo.generator import generate
from ihya.demo.linkages import concordance, demo_table

REFERENCE = Path(__file__).resolve().parents[2] / "src" / "ihya" / "data" / "reference"


def _codes(name: str, column: str = "code") -> set[str]:
    with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as fh:
        return {row[column] for row in csv.DictReader(fh)}


def test_every_code_of_the_templates_is_a_reference_code():
    places = _codes("municipalities.csv")
    isic = _codes("isic_rev4.csv")
    hs = _codes("hs_harmonized_system.csv", "hscode")
    bodies = _codes("bodies.csv")
    causes = {t.code for t in vocabularies.terms("cause")}
    kinds = industries()
    assert len(kinds) == 37 and sum(k.count for k in kinds) == 383  # scaled to any size
    for k in kinds:
        assert {p for p, _ in k.places} <= places, k.key
        assert k.isic in isic and set(k.causes) <= causes, k.key
        assert {p[0] for p in k.products} <= hs and k.products, k.key
        assert {i[1] for i in k.inputs if i[1]} <= hs, k.key
        assert all(0 <= lo <= hi <= 100 for _, _, (lo, hi), _ in k.inputs), k.key
    templates = requirement_templates()
    assert set(templates) <= causes
    assert {t.body for t in templates.values()} <= bodies
    assert {t.type for t in templates.values()} <= {
        t.code for t in vocabularies.terms("requirement_type")
    }
    assert all(a.cause in templates and a.municipality in places for a in shared_assets())
    assert set(industrial_zones()) <= places
    sectors = io_sectors()
    codes = [s.code for s in sectors]
    assert len(codes) == 28 and all(set(s.inputs) <= set(codes) for s in sectors)
    assert all(any(c.startswith(p) for c in isic) for s in sectors for p in s.isic)


def test_the_same_seed_gives_the_same_demo():
    assert generate(seed=11, factories=120) == generate(seed=11, factories=120)
    one, two = demo_table(seed=3), demo_table(seed=3)
    np.testing.assert_array_equal(one.Z, two.Z)
    assert concordance() == concordance()
    # the registry's first factory as the templates make it (a digest of the data's reading)
    first = generate()["factories"][0]
    assert (first["factory_id"], first["municipality"], first["isic"]) == (
        "DEMO-0001",
        "misrata",
        "2410",
    )
