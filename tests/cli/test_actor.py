"""Every write from the command line is logged under one name: ``cli:<login>`` (it was "cli",
"cli:<login>" or "system" depending on the command)."""

import getpass

import pytest
from typer.testing import CliRunner

from ihya.audit.models import AuditEntry
from ihya.cli import app

pytestmark = pytest.mark.django_db


def test_command_line_writes_are_logged_as_the_login(small_demo, tmp_path):
    from ihya.accounts.roles import roles_sync
    from ihya.portfolio.services import portfolio_scenario_save

    roles_sync()
    portfolio_scenario_save(actor=None, name="cli run", budgets=[5e6])
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    me = f"cli:{getpass.getuser()}"
    runner = CliRunner()
    result = runner.invoke(app, ["users", "create", "amal", "--role", "viewer"])
    assert result.exit_code == 0, result.output
    products = tmp_path / "p.csv"
    products.write_text("factory_id,hs_code,capacity\nDEMO-0001,252329,1000\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "products", str(products)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["portfolio", "run", "cli run"])
    assert result.exit_code in (0, 3), result.output
    written = AuditEntry.objects.filter(id__gt=before)
    assert {e.entity for e in written} >= {"auth.user", "registry.import", "portfolio.scenario"}
    assert {e.actor_name for e in written} == {me}
