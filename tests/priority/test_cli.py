"""``ihya priority rank`` and ``ihya priority ahp`` as analysts run them."""

import csv
import os

import pytest

from tests.conftest import run_ihya
from tests.core.priority.test_methods import BEVERAGES


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "IHYA_HOME": str(tmp_path / "home")}


def test_rank_writes_alternative_score_rank(env, tmp_path):
    matrix = tmp_path / "m.csv"
    matrix.write_text("alternative,c1,c2,c3\nA1,5,8,4\nA2,7,6,8\nA3,8,8,6\nA4,7,4,6\n")
    out = tmp_path / "ranks.csv"
    run_ihya(
        env,
        "priority",
        "rank",
        str(matrix),
        "--method",
        "topsis",
        "--weights",
        "0.3,0.4,0.3",
        "--out",
        str(out),
    )
    with open(out, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["alternative", "score", "rank"]
    assert [(r["alternative"], r["rank"]) for r in rows] == [
        ("A1", "3"),
        ("A2", "2"),
        ("A3", "1"),
        ("A4", "4"),
    ]
    assert float(rows[2]["score"]) == pytest.approx(0.7482, abs=5e-5)


def test_rank_reads_arabic_digits_and_names_bad_cells(env, tmp_path):
    matrix = tmp_path / "m.csv"
    matrix.write_text(
        "المصنع,الوظائف,التكلفة\nمصنع أ,١٢٠,٥٫٥\nمصنع ب,80,3\nمصنع ج,x,4\n", encoding="utf-8"
    )
    proc = run_ihya(
        env,
        "priority",
        "rank",
        str(matrix),
        "--method",
        "wsm",
        "--cost",
        "التكلفة",
        "--out",
        str(tmp_path / "r.csv"),
        check=False,
    )
    assert proc.returncode == 1 and "row 4, column الوظائف" in proc.stderr
    matrix.write_text("المصنع,الوظائف,التكلفة\nمصنع أ,١٢٠,٥٫٥\nمصنع ب,80,3\n", encoding="utf-8")
    run_ihya(
        env,
        "priority",
        "rank",
        str(matrix),
        "--method",
        "promethee",
        "--preference",
        "vshape",
        "--p",
        "50,2",
        "--cost",
        "التكلفة",
        "--out",
        str(tmp_path / "r.csv"),
    )
    unknown = run_ihya(
        env,
        "priority",
        "rank",
        str(matrix),
        "--cost",
        "nope",
        "--out",
        str(tmp_path / "r.csv"),
        check=False,
    )
    assert unknown.returncode == 1 and "--cost names no column" in unknown.stderr


def test_ahp_prints_weights_and_the_consistency_ratio(env, tmp_path):
    table = tmp_path / "pairwise.csv"
    table.write_text(BEVERAGES + "\n")
    proc = run_ihya(env, "priority", "ahp", str(table))
    assert "water" in proc.stdout and "0.3268" in proc.stdout and "CR 0.0223" in proc.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(",a,b,c\na,1,9,1/9\nb,1/9,1,9\nc,9,1/9,1\n")
    proc = run_ihya(env, "priority", "ahp", str(bad))
    assert "warning: the consistency ratio" in proc.stderr
