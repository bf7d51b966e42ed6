"""Input–output tables as pymrio ``save_all`` folders: read (validated like the template) and
written, so that pymrio reads Ihya's tables back and Ihya reads pymrio's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ihya.core.linkages.table import TOLERANCE, IOTable, TableError, TableIssue, validate


def _read_pymrio_frame(path: Path, nr_header: int, nr_index: int):
    """(column labels, row labels, values) of a pymrio text file (tab-separated)."""
    lines = [
        line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
    ]
    header = lines[:nr_header]
    body = lines[nr_header:]
    if body and all(not cell for cell in body[0][nr_index:]):  # the index-names line
        body = body[1:]
    columns = ["/".join(h[c] for h in header) for c in range(nr_index, len(header[0]))]
    index = ["/".join(r[:nr_index]) for r in body]
    values = np.array([[float(v) if v else 0.0 for v in r[nr_index:]] for r in body])
    return columns, index, values


def _key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def _params(folder: Path) -> dict:
    return json.loads((folder / "file_parameters.json").read_text(encoding="utf-8"))


def read_pymrio(folder: Path, *, tolerance: float = TOLERANCE) -> IOTable:
    """A system saved by pymrio's ``save_all``: Z and Y; value added (and imports, when present)
    from the ``Value Added`` and ``Imports`` rows of the factor-inputs extension; jobs from the
    extension named ``employment``. With several regions, each region-sector pair is a sector.
    A folder that cannot be read (a missing file, a cell that is not a number, a ragged row, a
    broken file_parameters.json) is a :class:`TableError` too."""
    folder = Path(folder)
    if not (folder / "file_parameters.json").exists():
        raise TableError([TableIssue("not_a_pymrio_folder", None, None, str(folder))])
    try:
        return _read_pymrio(folder, tolerance)
    except TableError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise TableError(
            [TableIssue("malformed_pymrio", None, None, None, {"detail": str(exc)[:200]})]
        ) from exc


def _read_pymrio(folder: Path, tolerance: float) -> IOTable:
    files = _params(folder)["files"]

    def frame(key: str, base: Path = folder, spec: dict | None = None):
        spec = spec or files[key]
        return _read_pymrio_frame(
            base / spec["name"], int(spec["nr_header"]), int(spec["nr_index_col"])
        )

    z_cols, z_rows, Z = frame("Z")
    y_cols, y_rows, Y = frame("Y")
    if z_cols != z_rows or y_rows != z_rows:
        raise TableError(
            [
                TableIssue(
                    "label_mismatch",
                    None,
                    "Z",
                    None,
                    {"expected": "same sectors in rows and columns"},
                )
            ]
        )
    labels = z_rows
    single_region = len({label.split("/")[0] for label in labels}) == 1
    codes = [
        label.split("/", 1)[1] if single_region and "/" in label else label for label in labels
    ]
    value_added = imports = employment = compensation = None
    for ext in sorted(
        p for p in folder.iterdir() if p.is_dir() and (p / "file_parameters.json").exists()
    ):
        spec = _params(ext)
        name = _key(spec.get("name", ext.name))
        cols, rows, F = frame("F", ext, spec["files"]["F"])
        if cols != labels:
            raise TableError(
                [
                    TableIssue(
                        "label_mismatch", None, ext.name, None, {"expected": "the sectors of Z"}
                    )
                ]
            )
        keyed = {_key(r.split("/")[-1]): F[i] for i, r in enumerate(rows)}
        if name == "factor_inputs" or ext.name == "factor_inputs":
            value_added = keyed.get("value_added", value_added)
            imports = keyed.get("imports")
            compensation = keyed.get("compensation_of_employees", keyed.get("compensation"))
        elif name == "employment" or ext.name == "employment":
            employment = F.sum(axis=0)
    if value_added is None:
        raise TableError([TableIssue("missing_row", None, "value_added")])
    if single_region:
        y_cols = [c.split("/", 1)[1] if "/" in c else c for c in y_cols]
    households = next((k for k, c in enumerate(y_cols) if "household" in c.lower()), None)
    unit = ""
    if (folder / "unit.txt").exists():
        lines = (folder / "unit.txt").read_text(encoding="utf-8").splitlines()
        unit = lines[1].split("\t")[-1] if len(lines) > 1 else ""
    table = IOTable(
        codes=codes,
        names_en=codes,
        names_ar=[""] * len(codes),
        Z=Z,
        Y=Y,
        final_demand=y_cols,
        value_added=value_added,
        imports=imports,
        compensation=compensation,
        employment=employment,
        households=households if single_region else None,
        unit=unit,
        name=folder.name,
    )
    issues = (
        validate(table, tolerance=tolerance)
        if imports is not None
        else [i for i in validate(table, tolerance=1.0) if i.code != "unbalanced"]
    )
    if issues:
        raise TableError(issues)
    return table


def _tsv(values) -> list[str]:
    return [repr(float(v)) for v in values]


def write_pymrio(table: IOTable, folder: Path, *, region: str = "region") -> Path:
    """A folder ``pymrio.load`` reads: Z, Y, unit, and the extensions factor_inputs (Value Added,
    Imports, Compensation of employees) and employment — the layout pymrio's own ``save_all``
    writes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sectors = table.codes
    n = len(sectors)
    unit = table.unit or "value"

    def matrix(path: Path, second: str, columns: list[str], values: np.ndarray) -> None:
        lines = [
            "\t".join(["region", "", *([region] * len(columns))]),
            "\t".join([second, "", *columns]),
            "\t".join(["region", "sector", *([""] * len(columns))]),
        ]
        lines += [
            "\t".join([region, s, *_tsv(row)]) for s, row in zip(sectors, values, strict=True)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    matrix(folder / "Z.txt", "sector", sectors, table.Z)
    matrix(folder / "Y.txt", "category", table.final_demand, table.Y)
    (folder / "unit.txt").write_text(
        "region\tsector\tunit\n" + "".join(f"{region}\t{s}\t{unit}\n" for s in sectors),
        encoding="utf-8",
    )
    files = {
        "Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"},
        "Y": {"name": "Y.txt", "nr_index_col": "2", "nr_header": "2"},
        "unit": {"name": "unit.txt", "nr_index_col": "2", "nr_header": "1"},
    }
    (folder / "file_parameters.json").write_text(
        json.dumps({"files": files, "systemtype": "IOSystem"}, indent=4)
    )
    (folder / "metadata.json").write_text(
        json.dumps(
            {
                "description": "written by Ihya",
                "name": table.name or "ihya",
                "system": "ixi",
                "version": "1",
                "history": [],
            },
            indent=4,
        )
    )
    factor_rows = [("Value Added", table.value_added)]
    if table.imports is not None:
        factor_rows.append(("Imports", table.imports))
    if table.compensation is not None:
        factor_rows.append(("Compensation of employees", table.compensation))
    extensions = {"factor_inputs": ("Factor Inputs", "inputtype", factor_rows)}
    if table.employment is not None:
        extensions["employment"] = ("employment", "stressor", [("Employment", table.employment)])
    for ext, (name, index_name, rows) in extensions.items():
        path = folder / ext
        path.mkdir(exist_ok=True)
        lines = [
            "\t".join(["region", *([region] * n)]),
            "\t".join(["sector", *sectors]),
            "\t".join([index_name, *([""] * n)]),
        ]
        lines += ["\t".join([label, *_tsv(values)]) for label, values in rows]
        (path / "F.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (path / "unit.txt").write_text(
            f"{index_name}\tunit\n" + "".join(f"{label}\t{unit}\n" for label, _ in rows),
            encoding="utf-8",
        )
        spec = {
            "files": {
                "F": {"name": "F.txt", "nr_index_col": "1", "nr_header": "2"},
                "unit": {"name": "unit.txt", "nr_index_col": "1", "nr_header": "1"},
            },
            "systemtype": "Extension",
            "name": name,
        }
        (path / "file_parameters.json").write_text(json.dumps(spec, indent=4))
    return folder
