"""Fault: the database unreachable or restarting mid-request (issue 17). The request answers 503
with Retry-After — problem+json under /api/, a localised standalone page otherwise — never a
500; nothing half-written stays; the next request, once the database is back, succeeds."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection

from tests.conftest import scratch_db


@contextlib.contextmanager
def database_lost(after: int = 0, when=lambda sql: True):
    """The database goes away at the first query (past ``after`` of those ``when`` accepts):
    what the driver raises then, Django's OperationalError. (The real cut, on PostgreSQL, is
    the served test below.)"""
    seen = [0]

    def wrapper(execute, sql, params, many, context):
        if when(sql):
            seen[0] += 1
            if seen[0] > after:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def test_api_read_is_503_problem_then_recovers(api_for):
    client = api_for("viewer")
    with database_lost():
        response = client.get("/api/v1/factories")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["status"] == 503
    assert body["issues"][0]["code"] == "database_unavailable"
    assert "قاعدة البيانات" in body["issues"][0]["reason_ar"]
    assert "database cannot be reached" in body["issues"][0]["reason_en"]
    assert client.get("/api/v1/factories").status_code == 200  # back: recovered


@pytest.mark.parametrize(
    ("language", "words"), [("ar", "قاعدة البيانات"), ("en", "database cannot be reached")]
)
def test_page_is_localised_503_then_recovers(client_for, language, words):
    client = client_for("viewer")
    client.raise_request_exception = False  # as a browser sees it: no test-client re-raise
    client.cookies["django_language"] = language
    with database_lost():
        response = client.get("/factories/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'id="error-503"' in html and words in html
    assert f'lang="{language}"' in html
    assert client.get("/factories/").status_code == 200


def test_write_cut_midway_leaves_nothing(api_for, small_demo):
    """The connection lost between the factory's INSERT and its audit entry: 503, and neither
    the factory nor half of it is there afterwards."""
    from ihya.audit.models import AuditEntry
    from ihya.registry.models import Factory

    client = api_for("ministry")
    payload = {
        "factory_id": "FAULT-1",
        "name_ar": "مصنع الاختبار",
        "municipality": "misrata",
        "isic": "2394",
        "ownership": "public",
        "status": "stalled",
        "stalled_since": "2020-05-01",
    }
    before = (Factory.objects.count(), AuditEntry.objects.count())
    with database_lost(after=1, when=lambda sql: sql.lstrip().upper().startswith("INSERT")):
        response = client.post("/api/v1/factories", payload, content_type="application/json")
    assert response.status_code == 503, response.content
    assert (Factory.objects.count(), AuditEntry.objects.count()) == before
    assert not Factory.objects.filter(external_id="FAULT-1").exists()
    created = client.post("/api/v1/factories", payload, content_type="application/json")
    assert created.status_code == 201, created.content  # recovered: the same request succeeds


def test_healthz_is_503_while_the_database_is_down(client, db):
    with database_lost():
        response = client.get("/healthz")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert client.get("/healthz").content == b"ok"


# --- the real thing: PostgreSQL refusing connections under a served app ----------------------


SERVE = [sys.executable, "-m", "ihya.cli", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.skipif(
    not (os.environ.get("IHYA_DATABASE_URL") or "").startswith("postgres"),
    reason="a SQLite file cannot go away under an open connection; PostgreSQL only",
)
def test_served_app_survives_a_database_restart(tmp_path):
    import psycopg

    with scratch_db(tmp_path) as env:
        code = (
            "import ihya; ihya.setup()\n"
            "from ihya.accounts.services import token_create, user_create\n"
            "new = user_create(username='probe', role='viewer', password='x' * 16)\n"
            "from django.test import Client\n"
            "client = Client(); client.force_login(new.user)\n"
            "print(token_create(user=new.user, name='probe'), client.cookies['sessionid'].value)\n"
        )
        made = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        token, session = made.stdout.strip().splitlines()[-1].split()
        url = env["IHYA_DATABASE_URL"]
        base, name = url.rsplit("/", 1)
        port = _free_port()
        server = subprocess.Popen(
            [*SERVE, "--port", str(port), "--workers", "1", "--no-background"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        site = f"http://127.0.0.1:{port}"
        auth = {"Authorization": f"Bearer {token}"}
        try:
            for _ in range(100):
                with contextlib.suppress(OSError):
                    if _get(site + "/healthz")[0] == 200:
                        break
                time.sleep(0.2)
            assert _get(site + "/api/v1/factories", auth)[0] == 200
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                # the database "restarts": new connections refused, the open ones cut
                admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [name],
                )
                try:
                    status, headers, body = _get(site + "/api/v1/factories", auth)
                    assert status == 503, body
                    assert headers["Content-Type"] == "application/problem+json"
                    assert headers["Retry-After"] == "30"
                    assert json.loads(body)["issues"][0]["code"] == "database_unavailable"
                    status, _headers, body = _get(
                        site + "/factories/", {"Cookie": f"sessionid={session}"}
                    )
                    assert status == 503 and "قاعدة البيانات".encode() in body
                    assert _get(site + "/healthz")[0] == 503
                finally:
                    admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
            # back: the same server process answers again, nothing restarted by hand
            assert _get(site + "/healthz")[0] == 200
            assert _get(site + "/api/v1/factories", auth)[0] == 200
            assert _get(site + "/factories/", {"Cookie": f"sessionid={session}"})[0] == 200
        finally:
            server.terminate()
            server.wait(15)
