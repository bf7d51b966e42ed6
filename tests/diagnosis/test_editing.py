"""The factory's file for follow-up: requirements and revival schemes edited on the page by the
roles allowed (through diagnosis.editing, audited, refused on stale values), and the history
with one line per import."""

import pytest
from django.urls import reverse

from ihya.audit.models import AuditEntry
from ihya.diagnosis.models import RevivalScheme
from ihya.registry.models import Factory

pytestmark = pytest.mark.django_db


def _factory_with_requirement():
    factory = Factory.objects.filter(requirements__isnull=False).order_by("external_id").first()
    return factory, factory.requirements.order_by("external_id").first()


def _post(requirement, **changes):
    read = {
        "status": requirement.status,
        "responsible_body": requirement.responsible_body.code,
        "cost_lyd": str(requirement.cost_lyd),
        "lead_time_months": str(requirement.lead_time_months),
    }
    return {**read, **changes, **{f"read_{k}": v for k, v in read.items()}}


def test_an_analyst_edits_a_requirements_status_and_cost_on_the_page(small_demo, client_for):
    factory, requirement = _factory_with_requirement()
    url = reverse(
        "registry:requirement_edit",
        kwargs={"external_id": factory.external_id, "requirement_id": requirement.external_id},
    )
    client = client_for("ministry")
    page = client.get(
        reverse("registry:factory_detail", kwargs={"external_id": factory.external_id})
    )
    assert url in page.content.decode()  # the row's edit button
    row = client.get(url, HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and 'name="cost_lyd"' in row.content.decode()
    new_status = "approved" if requirement.status != "approved" else "funded"
    saved = client.post(
        url, _post(requirement, status=new_status, cost_lyd="1٬250٬000"), HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200, saved.content[:500]
    assert "requirement-edit" in saved.content.decode()  # back to the read-only row
    requirement.refresh_from_db()
    assert requirement.status == new_status and requirement.cost_lyd == 1250000
    entry = AuditEntry.objects.filter(
        entity="diagnosis.requirement", object_id=requirement.external_id, action="update"
    ).last()
    assert entry.actor_name == "ministry"
    assert entry.after["status"] == new_status and float(entry.after["cost_lyd"]) == 1250000
    # the edit shows in the factory's history, as its own line
    page = client.get(
        reverse("registry:factory_detail", kwargs={"external_id": factory.external_id})
    )
    assert "1,250,000" in page.content.decode() or "1.250.000" in page.content.decode()


def test_a_role_not_allowed_gets_403_and_nothing_changes(small_demo, client_for):
    factory, requirement = _factory_with_requirement()
    url = reverse(
        "registry:requirement_edit",
        kwargs={"external_id": factory.external_id, "requirement_id": requirement.external_id},
    )
    before = (requirement.status, requirement.cost_lyd)
    entries = AuditEntry.objects.count()
    for role in ("viewer", "secretary", "member"):
        response = client_for(role).post(url, _post(requirement, status="done", cost_lyd="1"))
        assert response.status_code == 403
    requirement.refresh_from_db()
    assert (requirement.status, requirement.cost_lyd) == before
    assert AuditEntry.objects.count() == entries
    page = client_for("viewer").get(
        reverse("registry:factory_detail", kwargs={"external_id": factory.external_id})
    )
    assert url not in page.content.decode()


def test_a_bad_value_or_a_stale_read_changes_nothing(small_demo, client_for):
    factory, requirement = _factory_with_requirement()
    url = reverse(
        "registry:requirement_edit",
        kwargs={"external_id": factory.external_id, "requirement_id": requirement.external_id},
    )
    client = client_for("authority")
    bad = client.post(url, _post(requirement, lead_time_months="abc"))
    assert bad.status_code == 422
    stale = _post(requirement, cost_lyd="5")
    stale["read_cost_lyd"] = str(requirement.cost_lyd + 1)
    assert client.post(url, stale).status_code == 409
    before = requirement.cost_lyd
    requirement.refresh_from_db()
    assert requirement.cost_lyd == before


def test_a_revival_scheme_is_edited_on_the_page(small_demo, client_for):
    scheme = RevivalScheme.objects.select_related("factory").order_by("id").first()
    url = reverse(
        "registry:scheme_edit",
        kwargs={"external_id": scheme.factory.external_id, "mode": scheme.mode},
    )
    data = {
        "partner": "شريك جديد",
        "notes": scheme.notes,
        "read_partner": scheme.partner,
        "read_notes": scheme.notes,
        "read_is_preferred": str(scheme.is_preferred),
    }
    if scheme.is_preferred:
        data["is_preferred"] = "on"
    assert client_for("viewer").post(url, data).status_code == 403
    response = client_for("ministry").post(url, data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.partner == "شريك جديد"
    assert AuditEntry.objects.filter(
        entity="diagnosis.revivalscheme", object_id=scheme.factory.external_id, action="update"
    ).exists()


def test_the_history_of_a_demo_factory_shows_one_line_per_import(small_demo, client_for):
    from ihya.demo.generator import generate
    from ihya.registry.services import registry_import_tables

    factory, requirement = _factory_with_requirement()
    # a second import changing this factory's requirement: a second line
    tables = generate(factories=40)
    for row in tables["requirements"]:
        if row["requirement_id"] == requirement.external_id:
            row["cost_lyd"] = float(requirement.cost_lyd) + 1000
    assert registry_import_tables(tables=tables, source="second.xlsx").ok
    html = (
        client_for("viewer")
        .get(reverse("registry:factory_detail", kwargs={"external_id": factory.external_id}))
        .content.decode()
    )
    history = html[html.index('id="history"') :]
    assert history.count('class="history-import"') == 2
    # the demo's import named in the page's language (ihya.demo.names), a file by its name
    assert "second.xlsx" in history and "البيانات التجريبية" in history
    assert history.count("<details>") == 2
