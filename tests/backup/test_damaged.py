"""A damaged, truncated or altered archive is refused before anything changes: one byte flipped
in a member, a member missing, a member added, a manifest edited, an unsafe name, another
database's archive. In process, on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ihya.backup import archive as archive_module
from ihya.backup.services import backup_restore
from ihya.cli import app
from ihya.errors import Conflict, Invalid
from tests.conftest import run_ihya, scratch_db

FILES = {
    "attachments/ab/abcdef": b"%PDF-1.4 proof" * 100,
    "reports/plan.pdf": b"%PDF-1.7 plan",
}


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[str, Path]:
    """Real archives of `ihya backup`, made once on a database of their own (the test database
    is inside a transaction a SQLite backup cannot copy): plain, compressed, with the keys."""
    folder = tmp_path_factory.mktemp("backups")
    made = {}
    with scratch_db(folder) as env:
        for name, data in FILES.items():
            path = Path(env["IHYA_HOME"]) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for name, *options in (
            ("backup.tar",),
            ("backup.tar.gz",),
            ("keys.tar", "--with-secrets"),
        ):
            made[name] = folder / name
            run_ihya(env, "backup", str(made[name]), *options)
    return made


@pytest.fixture
def home(settings, tmp_path):
    settings.IHYA_HOME = tmp_path / "home"
    (settings.IHYA_HOME / "reports").mkdir(parents=True)
    (settings.IHYA_HOME / "reports" / "today.pdf").write_bytes(b"%PDF-1.7 today")
    return settings.IHYA_HOME


@pytest.fixture
def made(archives, home, tmp_path, db) -> Path:
    return Path(shutil.copy(archives["backup.tar"], tmp_path / "backup.tar"))


def _state(home: Path) -> dict[str, bytes]:
    from ihya.audit.models import AuditEntry
    from ihya.reference.models import Body

    files = {p.relative_to(home).as_posix(): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    return {"files": files, "audit": AuditEntry.objects.count(), "bodies": Body.objects.count()}


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {info.name: tar.extractfile(info).read() for info in tar}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _with_manifest(members: dict[str, bytes], change) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    text = json.dumps(manifest).encode()
    return {
        **members,
        "manifest.json": text,
        "manifest.sha256": hashlib.sha256(text).hexdigest().encode(),
    }


def _refused(path: Path, home: Path, code: str = "backup_damaged") -> str:
    before = _state(home)
    with pytest.raises((Invalid, Conflict)) as refused:
        backup_restore(path=path, replace=True)
    assert refused.value.codes == [code]
    assert _state(home) == before
    assert not list(home.glob(".restore-*"))
    return refused.value.problems[0].en


def test_a_whole_archive_lists_every_member_with_its_checksum(made):
    members = _members(made)
    manifest = json.loads(members["manifest.json"])
    listed = {m["name"]: m for m in manifest["members"]}
    assert set(listed) == set(members) - {"manifest.json", "manifest.sha256"}
    assert {"files/attachments/ab/abcdef", "files/reports/plan.pdf"} <= set(listed)
    for name, member in listed.items():
        assert member["size"] == len(members[name])
        assert member["sha256"] == hashlib.sha256(members[name]).hexdigest()
    assert "files/secret_key" not in listed  # only with --with-secrets
    assert manifest["database"]["vendor"] in ("sqlite", "postgresql")
    assert "0002_append_only" in manifest["migrations"]["audit"]


def test_one_byte_flipped_in_a_member_is_refused(made, home):
    with tarfile.open(made) as tar:
        offset = tar.getmember("files/attachments/ab/abcdef").offset_data
    data = bytearray(made.read_bytes())
    data[offset + 50] ^= 0x01
    made.write_bytes(bytes(data))
    assert "checksum files/attachments/ab/abcdef" in _refused(made, home)


def test_a_flipped_byte_in_a_compressed_archive_is_refused(archives, home, tmp_path, db):
    path = Path(shutil.copy(archives["backup.tar.gz"], tmp_path / "backup.tar.gz"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    _refused(path, home)


def test_a_truncated_archive_is_refused(made, home):
    data = made.read_bytes()
    made.write_bytes(data[: len(data) * 2 // 3])
    _refused(made, home)


def test_a_missing_member_is_refused(made, home, tmp_path):
    members = _members(made)
    del members["files/reports/plan.pdf"]
    assert "missing_member" in _refused(_write(tmp_path / "cut.tar", members), home)


def test_an_added_member_is_refused(made, home, tmp_path):
    members = {**_members(made), "files/reports/extra.pdf": b"%PDF-1.7 not in the manifest"}
    assert "unexpected_member" in _refused(_write(tmp_path / "more.tar", members), home)


def test_an_edited_manifest_is_refused(made, home, tmp_path):
    members = _members(made)
    edited = {**members, "manifest.json": members["manifest.json"].replace(b'"size"', b'"size" ')}
    assert "manifest_checksum" in _refused(_write(tmp_path / "edited.tar", edited), home)

    def lie(manifest):  # a member's checksum rewritten, the manifest's own sum recomputed
        manifest["members"][-1]["sha256"] = "0" * 64

    assert "checksum" in _refused(_write(tmp_path / "lie.tar", _with_manifest(members, lie)), home)


def test_an_unsafe_name_is_refused_and_nothing_is_written_outside(made, home, tmp_path):
    members = {"../escape.txt": b"x", **_members(made)}
    assert "unsafe_name" in _refused(_write(tmp_path / "escape.tar", members), home)
    assert not (home.parent / "escape.txt").exists()


def test_another_databases_archive_is_refused(made, home, tmp_path):
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def move(manifest):
        manifest["database"]["vendor"] = other

    path = _write(tmp_path / "other.tar", _with_manifest(_members(made), move))
    assert other in _refused(path, home, code="backup_other_database")


def test_a_newer_versions_archive_is_refused(made, home, tmp_path):
    def newer(manifest):
        manifest["migrations"]["audit"].append("0099_from_the_future")

    path = _write(tmp_path / "newer.tar", _with_manifest(_members(made), newer))
    assert "audit.0099_from_the_future" in _refused(path, home, code="backup_newer")


def test_a_database_holding_data_needs_replace(made, home, actors):
    before = _state(home)
    with pytest.raises(Conflict) as refused:
        backup_restore(path=made)
    assert refused.value.codes == ["backup_not_empty"]
    assert _state(home) == before


def test_the_commands_exit_1_with_the_reason_in_both_languages(made, home, tmp_path, actors):
    runner = CliRunner()
    data = made.read_bytes()
    made.write_bytes(data[: len(data) // 2])
    refused = runner.invoke(app, ["restore", str(made), "--replace"], env={"COLUMNS": "300"})
    assert refused.exit_code == 1
    assert "damaged" in refused.output and "الأرشيف" in refused.output
    exists = runner.invoke(app, ["backup", str(made)])
    assert exists.exit_code == 1 and "--overwrite" in exists.output
    missing = runner.invoke(app, ["restore", str(tmp_path / "none.tar")])
    assert missing.exit_code == 1


def test_key_files_only_with_secrets(archives):
    members = _members(archives["keys.tar"])
    assert len(members["files/secret_key"]) > 32
    assert json.loads(members["manifest.json"])["secrets"] == ["secret_key"]
    assert archive_module.MANIFEST in members
