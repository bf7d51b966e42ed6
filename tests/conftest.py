"""Shared fixtures: the reference data in the test database, scratch databases for subprocesses,
and the demo registry."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client

DATA = Path(__file__).parent / "data"


def pytest_configure(config):
    from ihya.i18n import compile_catalogs

    compile_catalogs()


E2E = Path(__file__).parent / "e2e"
CORE = Path(__file__).parent / "core"  # the pure core: no database, the same on every database


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Browser tests are marked ``e2e`` and run on one xdist worker (they share one served app);
    tests of the pure core are marked ``core`` (the PostgreSQL run leaves them out)."""
    for item in items:
        parents = Path(item.fspath).parents
        if E2E in parents:
            item.add_marker(pytest.mark.e2e)
            if config.pluginmanager.hasplugin("xdist"):  # unknown marker under -p no:xdist
                item.add_marker(pytest.mark.xdist_group("e2e"))
        if CORE in parents:
            item.add_marker(pytest.mark.core)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Test users are hashed with MD5 (milliseconds) instead of argon2 (a tenth of a second and
    100 MiB each). ``tests/accounts`` checks argon2 itself with the project's real setting."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """In-process tests run background tasks at once (the e2e tests use the real worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _audit_files(settings, tmp_path):
    """Each test keys and anchors the audit log in its own folder (never IHYA_HOME's)."""
    settings.AUDIT_KEY_FILE = tmp_path / "audit" / "audit.key"
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit" / "audit.anchor"
    settings.AUDIT_KEY = ""


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts with the shipped reference data (HS, ISIC, municipalities…)."""
    from ihya.plan.services import plan_data_sync
    from ihya.reference.services import reference_sync

    with django_db_blocker.unblock():
        reference_sync()
        plan_data_sync()


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def demo(db):
    """The seeded demo registry (400 factories), loaded through the import service."""
    from ihya.demo.services import demo_registry_load

    result = demo_registry_load()
    assert result.ok, result.issues[:5]
    return result


SMALL_DEMO = 40  # factories


@pytest.fixture
def small_demo(db):
    """The first 40 factories of a demo-like registry: enough for page and permission tests."""
    from ihya.demo.generator import generate
    from ihya.registry.services import registry_import_tables

    result = registry_import_tables(tables=generate(factories=SMALL_DEMO), source="demo")
    assert result.ok, result.issues[:5]
    return result


@pytest.fixture(scope="session")
def _trade_analysis(tmp_path_factory):
    """The small demo's synthetic world trade, generated and analysed once per session (DuckDB,
    complexity, potential, product-space layout) by the same functions ``trade_demo_load`` runs;
    each test then stores it through the real service."""
    from ihya.demo.generator import generate
    from ihya.trade.runs import trade_demo_files, trade_run_analyse

    folder = tmp_path_factory.mktemp("trade")
    made = {row["hs_code"] for row in generate(factories=SMALL_DEMO)["products"]}
    files = trade_demo_files(folder / "demo", made=made, countries=40, products=250)
    analysis = trade_run_analyse(inputs=files, out_dir=folder / "run", home="LBY")
    analysis.made = made  # the world holds these codes: the fixture checks the registry's
    return analysis


@pytest.fixture
def trade_run(small_demo, _trade_analysis, tmp_path, settings):
    """A stored trade analysis of a small synthetic world (40 countries, ~250 products) that
    holds every HS code the demo factories make (what ``trade_demo_load`` stores for them)."""
    from ihya.registry.models import FactoryProduct
    from ihya.trade.runs import DEMO_LABEL, trade_run_store

    made = set(FactoryProduct.objects.values_list("product__code", flat=True))
    assert made == _trade_analysis.made  # the world trade_demo_load would generate for them
    settings.IHYA_HOME = tmp_path
    return trade_run_store(analysis=_trade_analysis, label=DEMO_LABEL, synthetic=True)


@pytest.fixture(scope="session")
def _io_analysis(tmp_path_factory):
    """The synthetic Libya-like input–output table, read and analysed once per session."""
    from ihya.core.linkages.table import write_template
    from ihya.demo.linkages import demo_table
    from ihya.linkages.services import linkages_table_analyse

    path = write_template(demo_table(), tmp_path_factory.mktemp("io") / "demo.xlsx")
    return linkages_table_analyse(path=path)


@pytest.fixture
def io_table(small_demo, _io_analysis, tmp_path, settings):
    """The synthetic Libya-like input–output table, stored with its ISIC concordance."""
    from ihya.demo.linkages import concordance
    from ihya.linkages.services import DEMO_NAME, linkages_table_store

    settings.IHYA_HOME = tmp_path
    return linkages_table_store(
        analysis=_io_analysis, name=DEMO_NAME, synthetic=True, concordance=concordance()
    )


def _server_url() -> str | None:
    return os.environ.get("IHYA_DATABASE_URL")


@contextlib.contextmanager
def scratch_db(folder: Path):
    """A database of its own (not the test database) for commands run as subprocesses:
    a SQLite file, or a fresh PostgreSQL database on the server the suite runs against.
    Yields the environment to run ``ihya`` with; the database is migrated and has reference data.
    """
    env = {**os.environ, "IHYA_HOME": str(folder / "home")}
    url = _server_url()
    created = base = None
    if url and url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base = url.rpartition("/")[0]
        created = f"ihya_scratch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {created}")
        env["IHYA_DATABASE_URL"] = f"{base}/{created}"
    else:
        env.pop("IHYA_DATABASE_URL", None)
    try:
        run_ihya(env, "db", "upgrade")
        yield env
    finally:
        if created:
            import psycopg

            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {created} WITH (FORCE)")


@pytest.fixture
def scratch_database(tmp_path):
    with scratch_db(tmp_path) as env:
        yield env


def run_ihya(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the installed ``ihya`` command as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "ihya.cli", *args], env=env, capture_output=True, text=True
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"ihya {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def scratch_count(env: dict, sql: str) -> int:
    """Run one counting query against a scratch database, through Django in a subprocess."""
    code = (
        "import ihya; ihya.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({sql!r}); print(c.fetchone()[0])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.strip())


# --- role actors, as in healthchecks' BaseTestCase: one user per role -----------------------

PASSWORD = "correct horse battery staple 42"
ACTORS = {
    "admin": ("admin", None),
    "secretary": ("secretariat", None),
    "ministry": ("ministry_analyst", "ministry-industry"),
    "authority": ("authority_analyst", "export-authority"),
    "member": ("committee_member", None),
    "viewer": ("viewer", None),
}


@pytest.fixture
def actors(db):
    from ihya.accounts.roles import roles_sync
    from ihya.accounts.services import user_create

    roles_sync()
    return {
        name: user_create(username=name, role=role, body=body, password=PASSWORD).user
        for name, (role, body) in ACTORS.items()
    }


@pytest.fixture
def client_for(actors):
    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(actors[name])
        return client

    return make


@pytest.fixture
def api_for(actors):
    """A client that authenticates with a personal API token of the actor."""
    from ihya.accounts.services import token_create

    tokens: dict[str, str] = {}  # one per actor (a user has a bounded number of tokens)

    def make(name):
        if name not in tokens:
            tokens[name] = token_create(user=actors[name], name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {tokens[name]}")

    return make
