"""Role actors, as in healthchecks' BaseTestCase: one user per role, plus an outsider."""

import pytest
from django.test import Client

from ihya.accounts.roles import roles_sync
from ihya.accounts.services import user_create

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
