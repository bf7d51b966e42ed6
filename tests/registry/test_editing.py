"""One factory at a time: the page, the API and an import obey the same rules, through the same
service, and refuse the same input with the same coded issue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ihya.reference.models import IsicActivity, Municipality
from ihya.registry.models import Factory
from ihya.registry.services import registry_import_tables

pytestmark = pytest.mark.django_db
API = "/api/v1"
NAMELESS = {
    "factory_id": "NONAME-1",
    "name_ar": "",
    "name_en": "",
    "municipality": "misrata",
    "isic": "2394",
    "ownership": "public",
    "status": "operating",
}


def test_a_factory_without_a_name_is_refused_with_one_code_everywhere(
    small_demo, actors, client_for, api_for
):
    from ihya.errors import Invalid
    from ihya.registry.services import factory_create

    # the service itself
    with pytest.raises(Invalid) as refused:
        factory_create(actor=actors["ministry"], data=NAMELESS)
    assert [(p.field, p.code) for p in refused.value.problems] == [("name_ar", "name_required")]
    # the API (was 201 with no name)
    response = api_for("ministry").post(
        f"{API}/factories", NAMELESS, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [(i["field"], i["code"]) for i in response.json()["issues"]] == [
        ("name_ar", "name_required")
    ]
    # the page
    form = {
        **{k: v for k, v in NAMELESS.items() if k not in ("factory_id", "isic")},
        "external_id": NAMELESS["factory_id"],
        "municipality": Municipality.objects.get(code="misrata").pk,
        "activity": IsicActivity.objects.get(code="2394").pk,
    }
    page = client_for("ministry").post(reverse("registry:factory_create"), form)
    errors = page.context["form"].errors.as_data()
    assert {k: [e.code for e in v] for k, v in errors.items()} == {"name_ar": ["name_required"]}
    # an import of the same row
    imported = registry_import_tables(tables={"factories": [NAMELESS]})
    assert [(i.column, i.code) for i in imported.errors] == [("name_ar", "name_required")]
    assert not Factory.objects.filter(external_id="NONAME-1").exists()


def test_a_patch_cannot_blank_both_names(small_demo, api_for):
    factory = Factory.objects.order_by("external_id").first()
    response = api_for("ministry").patch(
        f"{API}/factories/{factory.external_id}",
        {"version": factory.version, "name_ar": "", "name_en": ""},
        content_type="application/json",
    )
    assert response.status_code == 422  # was 200, leaving a factory with no name
    assert [i["code"] for i in response.json()["issues"]] == ["name_required"]
    factory.refresh_from_db()
    assert factory.name_ar or factory.name_en


def test_the_api_checks_values_as_the_import_does(small_demo, api_for):
    client = api_for("ministry")
    bad = {**NAMELESS, "name_en": "Mill", "municipality": "Misratta", "employees_now": -3}
    response = client.post(f"{API}/factories", bad, content_type="application/json")
    assert response.status_code == 422
    issues = {i["field"]: i for i in response.json()["issues"]}
    assert issues["municipality"]["code"] == "unknown_code"
    assert "Misrata" in issues["municipality"]["reason_en"]  # did you mean
    assert issues["employees_now"]["code"] == "below_min"
    existing = Factory.objects.first().external_id
    taken = client.post(
        f"{API}/factories",
        {**NAMELESS, "factory_id": existing, "name_en": "Mill"},
        content_type="application/json",
    )
    assert taken.status_code == 409 and taken.json()["issues"][0]["code"] == "exists"


def test_the_service_checks_the_role_itself(small_demo, actors):
    from ihya.errors import Forbidden
    from ihya.registry.services import factory_create, factory_update

    factory = Factory.objects.first()
    with pytest.raises(Forbidden):
        factory_create(actor=actors["viewer"], data={**NAMELESS, "name_en": "Mill"})
    with pytest.raises(Forbidden):
        factory_update(
            actor=actors["authority"],  # assesses, does not keep the registry
            factory_id=factory.external_id,
            data={"employees_now": 1},
            version=factory.version,
        )


def test_a_page_of_the_list_builds_only_that_page(small_demo, api_for):
    client = api_for("viewer")
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"{API}/factories", {"limit": 5, "offset": 10}).json()
    assert len(body["items"]) == 5 and body["count"] == Factory.objects.count()
    reads = [q["sql"] for q in queries if 'FROM "registry_factory"' in q["sql"]]
    selects = [sql for sql in reads if "COUNT(" not in sql.upper()]
    assert len(selects) == 1 and "LIMIT 5" in selects[0] and "OFFSET 10" in selects[0]


def test_an_unknown_field_is_named_not_a_server_error(small_demo):
    from ihya.errors import Invalid
    from ihya.registry.services import factory_update

    factory = Factory.objects.first()
    with pytest.raises(Invalid) as refused:
        factory_update(
            actor=None, factory_id=factory.external_id, data={"bogus": 1}, version=factory.version
        )
    [problem] = refused.value.problems
    assert (problem.field, problem.code, problem.en) == (
        "bogus",
        "unknown_field",
        "There is no field “bogus”.",
    )
