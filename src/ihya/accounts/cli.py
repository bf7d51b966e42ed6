"""`ihya users …`: the first administrator, users with a role and a body, personal API tokens.
Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from ihya.console import cli_actor, err, out, print_problems, setup

users_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)


@users_app.command("create-admin")
def users_create_admin(
    username: Annotated[str, typer.Option(help="Login of the administrator")] = "admin",
) -> None:
    """Create the first administrator and print its generated password once."""
    setup()
    from ihya.accounts.services import admin_create
    from ihya.errors import ServiceError

    try:
        new = admin_create(username=username, actor=cli_actor())
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(1) from None
    out.print(f"administrator {new.user.username}: password {new.password}")
    err.print("the password is shown only now; change it after the first login")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument()],
    role: Annotated[
        str,
        typer.Option(
            help="admin, secretariat, ministry_analyst, authority_analyst, committee_member or viewer"
        ),
    ],
    body: Annotated[str | None, typer.Option(help="Body code, e.g. ministry-industry")] = None,
    email: Annotated[str, typer.Option()] = "",
) -> None:
    """Create a user with a role and a body; prints the generated password once."""
    setup()
    from ihya.accounts.services import user_create
    from ihya.errors import ServiceError

    try:
        new = user_create(username=username, role=role, body=body, email=email, actor=cli_actor())
    except ServiceError as error:
        print_problems(error)
        raise typer.Exit(2) from None
    out.print(f"{new.user.username} ({role}): password {new.password}")


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
    days: Annotated[
        int | None,
        typer.Option(help="Days the token is valid (default IHYA_TOKEN_DAYS, at most 366)"),
    ] = None,
) -> None:
    """Create a personal API token for a user; prints it once."""
    setup()
    from ihya.accounts.services import TooManyTokens, token_create, user_by_name
    from ihya.errors import Invalid, NotFound

    try:
        user = user_by_name(username=username)
    except NotFound:
        err.print(f"no user {username!r}")
        raise typer.Exit(1) from None
    try:
        out.print(token_create(user=user, name=name, days=days))
    except (TooManyTokens, Invalid) as error:
        print_problems(error)
        raise typer.Exit(1) from None
