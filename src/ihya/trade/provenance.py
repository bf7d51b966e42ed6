"""What a trade analysis was run on: input hashes, parameters and code versions."""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("ihya", "numpy", "duckdb"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "unknown"
    return found


def provenance(*, command: str, files: list[str], parameters: dict) -> dict:
    return {
        "command": command,
        "inputs": [
            {"path": str(f), "sha256": file_sha256(f), "bytes": Path(f).stat().st_size}
            for f in files
        ],
        "parameters": parameters,
        "versions": versions(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_manifest(out_dir: Path, record: dict) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "run.json"
    path.write_text(
        json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return path
