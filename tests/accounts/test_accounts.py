"""Users, roles (Django groups and permissions) and API tokens."""

import pytest
from django.contrib.auth.hashers import identify_hasher

from ihya.accounts.roles import ROLE_PERMISSIONS, can_edit_assessment, roles_sync
from ihya.accounts.services import admin_create, token_create, token_user, user_create
from ihya.audit.models import AuditEntry
from ihya.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


def test_passwords_are_hashed_with_argon2(settings):
    from ihya import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # the suite hashes with MD5 elsewhere
    new = user_create(username="amal", role="ministry_analyst", body="ministry-industry")
    assert identify_hasher(new.user.password).algorithm == "argon2"
    assert new.user.check_password(new.password)
    assert AuditEntry.objects.filter(entity="auth.user", object_id="amal").exists()


def test_roles_grant_exactly_their_permissions():
    viewer = user_create(username="v", role="viewer").user
    analyst = user_create(username="a", role="ministry_analyst", body="ministry-industry").user
    secretary = user_create(username="s", role="secretariat").user
    assert viewer.has_perm("registry.view_factory")
    assert not viewer.has_perm("registry.change_factory")
    assert analyst.has_perm("registry.change_factory") and analyst.has_perm(
        "diagnosis.add_diagnosis"
    )
    assert secretary.has_perm("registry.import_registry")
    assert not secretary.has_perm("diagnosis.change_diagnosis")
    assert set(ROLE_PERMISSIONS) == {
        "admin",
        "secretariat",
        "ministry_analyst",
        "authority_analyst",
        "committee_member",
        "viewer",
    }


def test_each_body_edits_its_own_assessments():
    from ihya.reference.models import Body

    ministry = Body.objects.get(code="ministry-industry")
    authority = Body.objects.get(code="export-authority")
    analyst = user_create(username="a", role="authority_analyst", body="export-authority").user
    assert can_edit_assessment(analyst, authority.pk)
    assert not can_edit_assessment(analyst, ministry.pk)
    viewer = user_create(username="v", role="viewer", body="export-authority").user
    assert not can_edit_assessment(viewer, authority.pk)


def test_the_first_admin_only_once_and_never_a_default_password():
    first = admin_create()
    assert first.user.is_superuser and len(first.password) >= 12
    with pytest.raises(Conflict):
        admin_create(username="another")


def test_api_tokens_are_stored_hashed_and_can_be_revoked():
    user = user_create(username="t", role="viewer").user
    token = token_create(user=user, name="script")
    assert token_user(token=token) == user
    stored = user.api_tokens.get()
    assert token not in (stored.digest, stored.prefix)
    stored.revoked = True
    stored.save()
    assert token_user(token=token) is None
    assert token_user(token="ihya_wrong") is None
