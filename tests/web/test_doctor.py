"""`ihya doctor` on a scratch deployment: all ✓ and exit 0 when healthy; ✗ and exit 1 for a
broken audit log, an unwritable folder, an unapplied migration, a silent worker; and the
production mode refusing unsafe settings at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_ihya

LONG_SECRET = "s3cr3t-" + "x1y2z3" * 10


def _beat(env: dict) -> None:
    path = Path(env["IHYA_HOME"]) / "worker.heartbeat"
    path.write_text(json.dumps({"pid": 1, "at": time.time()}), encoding="utf-8")


def _sql(env: dict, statement: str) -> None:
    code = (
        "import ihya; ihya.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({statement!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def _failed(proc) -> list[str]:
    return [line for line in proc.stdout.splitlines() if line.startswith("✗")]


def test_doctor_on_a_healthy_then_broken_deployment(scratch_database, tmp_path):
    env = scratch_database
    home = Path(env["IHYA_HOME"])
    path = tmp_path / "f.csv"
    path.write_text(
        "factory_id,name_en,municipality,isic,ownership,status\n"
        "F1,Mill,Misrata,1061,private,stalled\n",
        encoding="utf-8",
    )
    run_ihya(env, "import", "factories", str(path))

    silent = run_ihya(env, "doctor", check=False)  # no worker ever ran here
    assert silent.returncode == 1
    assert [line.split(":")[0] for line in _failed(silent)] == ["✗ background worker"]

    _beat(env)
    healthy = run_ihya(env, "doctor")
    lines = healthy.stdout.strip().splitlines()
    assert len(lines) >= 8 and all(line.startswith("✓") for line in lines), healthy.stdout
    assert "intact: 2 entries, anchored at 2" in healthy.stdout
    arabic = run_ihya(env, "doctor", "--lang", "ar")
    assert "قاعدة البيانات" in arabic.stdout

    anchor = home / "audit.anchor"
    saved = anchor.read_text()
    anchor.unlink()  # the anchor lost: the log can no longer vouch for its tail
    broken = run_ihya(env, "doctor", check=False)
    assert broken.returncode == 1
    assert _failed(broken) == ["✗ audit log: the anchor file is missing"]
    anchor.write_text(saved)

    (home / "attachments").write_text("a file where the folder should be")
    unwritable = run_ihya(env, "doctor", check=False)
    assert unwritable.returncode == 1
    assert _failed(unwritable)[0].startswith("✗ folders: not writable:")
    assert "attachments" in _failed(unwritable)[0]
    (home / "attachments").unlink()

    _sql(env, "DELETE FROM django_migrations WHERE app = 'audit' AND name = '0004_keyed_chain'")
    unmigrated = run_ihya(env, "doctor", check=False)
    assert unmigrated.returncode == 1
    assert _failed(unmigrated) == [
        "✗ migrations: 1 not applied (audit.0004_keyed_chain): run ihya db upgrade"
    ]


def _start(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import ihya; ihya.setup()"], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"IHYA_DEBUG": "1"}, "IHYA_DEBUG must be off"),
        ({"IHYA_SECRET_KEY": ""}, "needs IHYA_SECRET_KEY"),
        ({"IHYA_SECRET_KEY": "short-but-32-characters-long-xxxx"}, "needs IHYA_SECRET_KEY"),
        ({"IHYA_ALLOWED_HOSTS": ""}, "needs IHYA_ALLOWED_HOSTS"),
        ({"IHYA_ALLOWED_HOSTS": "ihya.example.ly,*"}, "no wildcard"),
        ({"IHYA_ENV": "staging"}, "IHYA_ENV must be"),
    ],
)
def test_production_refuses_unsafe_settings_at_start_up(tmp_path, change, message):
    env = {
        **os.environ,
        "IHYA_HOME": str(tmp_path),
        "IHYA_ENV": "production",
        "IHYA_SECRET_KEY": LONG_SECRET,
        "IHYA_ALLOWED_HOSTS": "ihya.example.ly",
    }
    assert _start(env).returncode == 0
    env.update(change)
    started = _start(env)
    assert started.returncode == 1 and "ImproperlyConfigured" in started.stderr
    assert message in started.stderr
    assert not (tmp_path / "secret_key").exists()  # never generated in production


def test_doctor_in_production_wants_https(scratch_database):
    env = {
        **scratch_database,
        "IHYA_ENV": "production",
        "IHYA_SECRET_KEY": LONG_SECRET,
        "IHYA_ALLOWED_HOSTS": "ihya.example.ly",
    }
    _beat(env)
    plain = run_ihya(env, "doctor", check=False)
    assert plain.returncode == 1
    failed = _failed(plain)
    assert failed[0].startswith("✗ HTTPS: missing: IHYA_HTTPS=1")
    assert "✓ secret key: set from IHYA_SECRET_KEY" in plain.stdout
    env.update(
        IHYA_HTTPS="1",
        IHYA_SITE_URL="https://ihya.example.ly",
        IHYA_CSRF_TRUSTED_ORIGINS="https://ihya.example.ly",
    )
    secure = run_ihya(env, "doctor", check=False)
    assert not any("HTTPS" in line for line in _failed(secure)), secure.stdout
    if env.get("IHYA_DATABASE_URL"):  # PostgreSQL as a superuser: the audit table is exposed
        assert any(line.startswith("✗ audit table") for line in _failed(secure))
    else:
        assert secure.returncode == 0, secure.stdout


def test_bad_settings_are_one_failed_line(tmp_path):
    env = {**os.environ, "IHYA_HOME": str(tmp_path), "IHYA_ENV": "production"}
    proc = run_ihya(env, "doctor", check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("✗ settings:") and "IHYA_SECRET_KEY" in proc.stderr
