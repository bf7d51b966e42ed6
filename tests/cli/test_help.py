"""The command line is an interface analysts' scripts depend on: the help of ``ihya`` and of every
sub-command (names, arguments, options, defaults) is pinned in tests/data/cli_help.txt.

A deliberate change (a new command or option) regenerates the file with
``IHYA_UPDATE_CLI_HELP=1 pytest tests/cli/test_help.py``; review its diff like code."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from typer.testing import CliRunner

from ihya.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "cli_help.txt"
ENV = {"COLUMNS": "120", "TERM": "dumb", "NO_COLOR": "1", "FORCE_COLOR": None}


def _commands(group, path: tuple[str, ...] = ()):
    yield path
    for name in sorted(group.commands):
        command = group.commands[name]
        if hasattr(command, "commands"):  # a group (Typer's own, not click.Group)
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def help_text() -> str:
    runner = CliRunner()
    root = typer.main.get_command(app)
    parts = []
    for path in _commands(root):
        result = runner.invoke(app, [*path, "--help"], env=ENV, terminal_width=120)
        assert result.exit_code == 0, (path, result.output)
        lines = [line.rstrip() for line in result.output.splitlines()]
        parts.append("$ ihya " + " ".join([*path, "--help"]) + "\n" + "\n".join(lines).strip())
    return "\n\n".join(parts) + "\n"


def test_the_help_of_every_command_is_unchanged():
    text = help_text()
    if os.environ.get("IHYA_UPDATE_CLI_HELP"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
