"""The admin is on the same footing as the pages: its changes are audited, a role is the one
source of a user's permissions, a revoked token stays revoked, and records cannot be pointed at
another table's rows. Also: a factory's history shows only the factory's own entries."""

import os
import re
import tempfile

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ihya.accounts.models import ApiToken
from ihya.accounts.services import MAX_ACTIVE_TOKENS, TooManyTokens, token_create
from ihya.audit.models import AuditEntry
from ihya.audit.services import Change, audit_record, history
from ihya.registry.models import Factory

pytestmark = pytest.mark.django_db


def admin_form(client, url: str) -> dict:
    """The fields of an admin change form as the browser would post them back."""
    html = client.get(url).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if 'type="checkbox"' not in name:
            data[name] = value
    for tag in re.findall(r'<input[^>]*type="checkbox"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        if "checked" in tag:
            data[name] = "on"
        else:
            data.pop(name, None)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            data[name] = chosen[0]
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_role_changed_in_the_admin_moves_the_groups_and_is_audited(client_for, actors):
    member = actors["member"]
    admin = client_for("admin")
    url = f"/admin/auth/user/{member.pk}/change/"
    data = admin_form(admin, url)
    assert "groups" not in data and "user_permissions" not in data  # the role decides them
    data["profile-0-role"] = "ministry_analyst"
    data["first_name"] = "Member"
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert [g.name for g in member.groups.all()] == ["ministry_analyst"]
    entries = AuditEntry.objects.filter(note="admin", actor_name="admin")
    assert entries.filter(entity="auth.user", object_id=str(member.pk), action="update").exists()
    assert entries.filter(entity="accounts.profile", action="update").exists()


def test_a_password_set_in_the_admin_is_checked_and_audited(client_for, actors):
    with pytest.raises(ValidationError):
        validate_password("1")
    member = actors["member"]
    admin = client_for("admin")
    url = f"/admin/auth/user/{member.pk}/password/"
    short = admin.post(url, {"password1": "1", "password2": "1", "usable_password": "true"})
    assert short.status_code == 200  # the form again, with the reason
    member.refresh_from_db()
    assert not member.check_password("1")
    good = "a long enough passphrase 7"
    admin.post(url, {"password1": good, "password2": good, "usable_password": "true"})
    member.refresh_from_db()
    assert member.check_password(good)
    entry = AuditEntry.objects.filter(entity="auth.user", object_id=str(member.pk)).last()
    assert entry.after == {"password": "(changed)"} and good not in str(entry.after)


def test_a_revoked_token_cannot_be_restored_in_the_admin(client_for, actors):
    from ihya.accounts.services import token_revoke

    token_create(user=actors["viewer"], name="script")
    token = ApiToken.objects.get(user=actors["viewer"])
    token_revoke(user=actors["viewer"], token_id=token.pk)
    admin = client_for("admin")
    url = f"/admin/accounts/apitoken/{token.pk}/change/"
    data = admin_form(admin, url)
    assert "revoked" not in data and "user" not in data  # read-only
    admin.post(url, {**data, "revoked": "", "user": actors["admin"].pk})
    token.refresh_from_db()
    assert token.revoked and token.user == actors["viewer"]

    token_create(user=actors["viewer"], name="second")
    second = ApiToken.objects.get(user=actors["viewer"], name="second")
    response = admin.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [second.pk], "index": 0},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.revoked
    entry = AuditEntry.objects.filter(entity="accounts.apitoken").last()
    assert entry.actor_name == "admin" and entry.object_id == "viewer/second"


def test_a_user_with_audit_entries_can_be_deleted(client_for, actors):
    token_create(user=actors["member"], name="x")  # an audit entry naming the member
    admin = client_for("admin")
    response = admin.post(f"/admin/auth/user/{actors['member'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="member").exists()
    assert AuditEntry.objects.filter(actor_name="member").exists()  # the log keeps the name
    deleted = AuditEntry.objects.filter(action="delete", entity="auth.user").get()
    assert deleted.actor_name == "admin" and deleted.before == {"value": "member"}


def test_a_user_has_a_bounded_number_of_tokens(actors):
    for i in range(MAX_ACTIVE_TOKENS):
        token_create(user=actors["viewer"], name=f"t{i}")
    with pytest.raises(TooManyTokens):
        token_create(user=actors["viewer"], name="one more")


def test_a_factory_history_shows_only_the_factory(small_demo, client_for, actors):
    factory = Factory.objects.order_by("pk").first()
    before = len(history(object_id=factory.external_id))
    token_create(user=actors["viewer"], name=factory.external_id)  # same name, other record
    prefix = ApiToken.objects.get(user=actors["viewer"]).prefix
    # an entry of another app carrying the factory's id exactly (as token entries once did)
    with transaction.atomic():
        audit_record(
            actor=actors["viewer"],
            changes=[
                Change("create", "accounts.apitoken", factory.external_id, None, {"x": prefix})
            ],
        )
    assert len(history(object_id=factory.external_id)) == before
    page = client_for("member").get(f"/factories/{factory.external_id}/").content.decode()
    assert prefix not in page


def test_the_concordance_admin_offers_only_the_tables_sectors(io_table, client_for):
    from ihya.linkages.models import IoSector, IoTable, SectorConcordance

    other = IoTable.objects.create(
        name="other", unit="", source="x", sha256="0" * 64, folder="", sectors_count=1
    )
    foreign = IoSector.objects.create(
        table=other,
        position=0,
        code="Z1",
        output=1,
        value_added=1,
        domestic_share=1,
        output_multiplier=1,
        va_multiplier=1,
        backward_linkage=1,
        forward_linkage=1,
        backward_cv=0,
        forward_cv=0,
        key_class="weak",
        output_loss=1,
        va_loss=1,
        backward_loss=0,
        forward_loss=0,
    )
    row = SectorConcordance(table=io_table, isic_prefix="99", sector=foreign)
    with pytest.raises(ValidationError):
        row.full_clean()
    page = client_for("admin").get(f"/admin/linkages/iotable/{io_table.pk}/change/")
    assert page.status_code == 200
    assert f'<option value="{foreign.pk}"' not in page.content.decode()
    assert 'name="concordance-0-sector"' in page.content.decode()


def test_an_export_leaves_no_file_behind(small_demo, client_for):
    before = set(os.listdir(tempfile.gettempdir()))
    response = client_for("secretary").get("/factories/export.csv", {"entity": "factories"})
    assert response.status_code == 200 and b"factory_id" in b"".join(response.streaming_content)
    after = set(os.listdir(tempfile.gettempdir()))
    assert not {n for n in after - before if n.startswith("ihya-export-")}


def test_admin_values_are_recorded_as_they_were():
    from ihya.audit.admin_support import _plain

    assert _plain([5e6, 4e6, 3e6]) == [5e6, 4e6, 3e6]  # budgets by year keep their order
    assert _plain({"jobs": 0.5, "years": [2026, 2027]}) == {"jobs": 0.5, "years": [2026, 2027]}
    assert _plain({"b", "a"}) == ["a", "b"]


def test_history_reads_as_a_person_would(small_demo):
    from types import SimpleNamespace

    from django.utils import translation

    from ihya.audit.display import history_rows

    municipality = Factory.objects.order_by("pk").first().municipality
    entry = SimpleNamespace(
        at=None,
        actor_name="system",
        action="update",
        entity="registry.factory",
        before={"design_capacity": "5E+3", "status": "stalled"},
        after={
            "design_capacity": "12500.50",
            "status": "operating",
            "name_en": "0912",  # text that looks like a number stays as typed
            "municipality_id": municipality.pk,
        },
    )
    with translation.override("en"):
        (row,) = history_rows([entry])
        municipality_name = str(municipality)
    changes = {label: (before, after) for label, before, after in row.changes}
    assert row.actor == "system" and row.what == "Factory — changed"
    assert changes["design capacity"] == ("5,000", "12,500.5")
    assert changes["status"][0] != "stalled" and changes["English name"] == (None, "0912")
    assert changes["municipality"] == (None, municipality_name)  # a related record by its name


def test_the_committee_edits_teams_and_holidays_in_the_admin(client_for, actors):
    """The plan's teams and holidays are admin tables: a capacity changed there is audited and
    read by the next build; a viewer cannot reach them."""
    from ihya.plan.catalogue import holidays, team_of
    from ihya.plan.models import Holiday, Team

    admin = client_for("admin")
    team = Team.objects.get(body__code="ministry-industry", code="procurement")
    url = f"/admin/plan/team/{team.pk}/change/"
    data = admin_form(admin, url)
    response = admin.post(url, {**data, "capacity": "15"})
    assert response.status_code == 302
    assert team_of("ministry-industry", "procurement").capacity == 15
    entry = AuditEntry.objects.filter(note="admin", entity="plan.team").latest("id")
    assert entry.before == {"capacity": 10} and entry.after == {"capacity": 15}

    response = admin.post(
        "/admin/plan/holiday/add/",
        {"date": "2030-01-02", "name_en": "Extra day", "name_ar": "يوم إضافي"},
    )
    assert response.status_code == 302
    assert holidays()[Holiday.objects.get(name_en="Extra day").date] == ("Extra day", "يوم إضافي")
    # the same date twice is refused by the form, not by a server error
    response = admin.post(
        "/admin/plan/holiday/add/",
        {"date": "2030-01-02", "name_en": "Again", "name_ar": "مرة أخرى"},
    )
    assert response.status_code == 200 and not Holiday.objects.filter(name_en="Again").exists()
    assert client_for("viewer").get(url).status_code in (302, 403)
