"""Browser tests: Debian's Chromium driven by Playwright against `ihya serve` (gunicorn) on a
database of its own, loaded with the demo registry, one user per role (each with a password
and a personal API token) and one finished background job of each kind (tests/e2e/jobs.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_ihya

CHROMIUM = os.environ.get("IHYA_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "e2e password 2026!"
USERS = {
    "ministry": ("ministry_analyst", "ministry-industry"),
    "viewer": ("viewer", None),
    "secretary": ("secretariat", None),
    "member": ("committee_member", None),
    "authority": ("authority_analyst", "export-authority"),
    "admin": ("admin", None),  # sees every page (tests/e2e/test_page_text.py)
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The served app: its address, each user's API token and its finished jobs' ids."""
    from tests.conftest import scratch_db

    with scratch_db(tmp_path_factory.mktemp("e2e")) as env:
        yield from _serve(env)


@pytest.fixture(scope="session")
def server(served) -> str:
    return served[0]


@pytest.fixture(scope="session")
def tokens(served) -> dict[str, str]:
    """A personal API token per user of ``USERS``, for ``Authorization: Bearer …``."""
    return served[1]


@pytest.fixture(scope="session")
def jobs(served) -> dict[str, int]:
    """The finished jobs made at set-up (tests/e2e/jobs.py): the id of each, by the path its
    page lies under (``/factories/import/``, ``/plans/builds/``, ``/reports/jobs/``)."""
    return served[2]


def _serve(env):
    run_ihya(env, "demo", "load", "--factories", "120", "--plan-time-limit", "5")
    code = (
        "import json, ihya; ihya.setup()\n"
        "from ihya.accounts.services import token_create, user_create\n"
        "tokens = {}\n"
        f"for name, (role, body) in {USERS!r}.items():\n"
        f"    new = user_create(username=name, role=role, body=body, password={PASSWORD!r})\n"
        "    tokens[name] = token_create(user=new.user, name='e2e')\n"
        "from django.contrib.auth.models import User\n"
        "from tests.e2e.jobs import finished_jobs\n"
        "jobs = finished_jobs(User.objects.get(username='admin'))\n"
        "print(json.dumps([tokens, jobs]))\n"
    )
    created = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,  # tests.e2e.jobs
    )
    tokens, jobs = json.loads(created.stdout.strip().splitlines()[-1])
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ihya.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError(proc.stderr.read().decode())
    try:
        yield url, tokens, jobs
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that fails its test when the browser reports a Content-Security-Policy violation
    (an inline script, an eval, an outside source): the policy holds on every page walked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()
    assert violations == [], violations


def login(page, server, username):
    page.goto(server + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(server + "/")


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
