"""The README is kept true by tests (as datasette's docs are): every command and option it shows
exists, every command is shown, and its settings are exactly the IHYA_* variables the code
reads."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from ihya.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _commands() -> dict[tuple[str, ...], set[str]]:
    """Every leaf command's path and its options."""
    found: dict[tuple[str, ...], set[str]] = {}

    def walk(command, path):
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found[path] = {
                opt
                for p in command.params
                for opt in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))
            }

    walk(typer.main.get_command(app), ())
    return found


def _readme_lines() -> list[list[str]]:
    block = _section("The command line").split("```sh", 1)[1].split("```", 1)[0]
    lines = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("ihya "):
            lines.append(line.split()[1:])
        elif lines and line.startswith(("[", "--")):  # an option list continued
            lines[-1].extend(line.split())
    return lines


def test_every_command_of_the_readme_exists_with_its_options():
    commands = _commands()
    shown: set[tuple[str, ...]] = set()
    for words in _readme_lines():
        path = max((p for p in commands if tuple(words[: len(p)]) == p), key=len, default=None)
        assert path is not None, f"README: no command `ihya {' '.join(words)}`"
        shown.add(path)
        options = set(re.findall(r"--[a-z][a-z-]*", " ".join(words[len(path) :])))
        unknown = options - commands[path]
        assert not unknown, f"`ihya {' '.join(path)}` has no option {sorted(unknown)}"
    assert set(commands) - shown == set(), "commands the README does not show"


def test_the_readme_lists_every_setting_the_code_reads():
    read = set()
    for path in (ROOT / "src" / "ihya").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(
            re.findall(r"""(?:environ\.get|environ\[|_env_bool)\(?\s*["'](IHYA_[A-Z_]+)""", text)
        )
    listed = set(re.findall(r"`(IHYA_[A-Z_]+)`", _section("Settings")))
    assert len(read) >= 14
    assert listed == read
