"""Every API operation, every role: no server error, and a role lacking a permission the
operation declares (``ihya.api_support.permission``) is refused 403 whatever it sends."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ACTORS

pytestmark = pytest.mark.django_db

# what each path parameter is filled with: a record of the small demo, or one that does not exist
PATH_VALUES = {"factory_id": "DEMO-0001", "number": "NO-SUCH"}


def _operations():
    """(method, path, operation id, declared permissions) of every operation in the OpenAPI
    document, the permissions read from the operation itself."""
    import ihya

    ihya.setup()
    from ihya.api import api
    from ihya.api_support import declared_permissions

    declared = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                declared[api.get_openapi_operation_id(operation)] = declared_permissions(operation)
    schema = api.get_openapi_schema()
    found = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            url = re.sub(r"\{([^}]+)\}", lambda m: PATH_VALUES.get(m.group(1), "999999"), path)
            found.append((method, url, op["operationId"], declared[op["operationId"]]))
    return found


OPERATIONS = _operations()


def test_the_operations_are_enumerated_with_their_permissions():
    assert len(OPERATIONS) >= 50
    by_id = {op_id.rsplit("_api_", 1)[-1]: perms for _m, _p, op_id, perms in OPERATIONS}
    assert by_id["create_factory"] == ("registry.add_factory",)
    assert by_id["move_case"] == ("followup.move_case", "followup.view_case")
    assert by_id["list_factories"] == ("registry.view_factory",)
    # every change declares its permissions, but the caller's own notifications and report jobs
    changes = {
        op_id.rsplit("_api_", 1)[-1]
        for method, _p, op_id, perms in OPERATIONS
        if method != "get" and not perms
    }
    assert changes == {"read_notifications", "start_report_job"}


# reports are asked for in the cheap format (their PDFs are checked in tests/reports)
QUERY = {name: "?format=xlsx" for name in ("factory_report", "priority_report", "kpi_report")}
# one test per resource (the first segment of the path): a registry per test, not per operation
GROUPS: dict[str, list] = {}
for _operation in OPERATIONS:
    GROUPS.setdefault(_operation[1].split("/")[3], []).append(_operation)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_operation_for_every_role(small_demo, api_for, actors, group):
    """No 500 and no 401 for anyone; 403 (problem+json naming the permission) for exactly the
    roles lacking a declared permission, never for a role holding them all."""
    wrong = []
    for method, path, operation_id, permissions in GROUPS[group]:
        query = QUERY.get(operation_id.rsplit("_api_", 1)[-1], "")
        for name in ACTORS:
            send = getattr(api_for(name), method)
            if method == "get":
                response = send(path + query)
            else:
                response = send(path, data="{}", content_type="application/json")
            status = response.status_code
            lacking = [p for p in permissions if not actors[name].has_perm(p)]
            if status >= 500 or status == 401:
                wrong.append((name, method, path, status, response.content[:200]))
            elif lacking and (
                status != 403
                or response["Content-Type"] != "application/problem+json"
                or lacking[0] not in str(response.json()["issues"])
            ):
                wrong.append((name, method, path, status, "should be refused", lacking))
            elif not lacking and status == 403:
                wrong.append((name, method, path, status, response.content[:200]))
    assert wrong == []


# -- objects of another body -----------------------------------------------------------------

DIAGNOSIS = "factory_id,cause,severity,assessed_on,body\nDEMO-0001,electricity,{severity},2026-01-10,{body}\n"


def _import(client, url, severity, body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = DIAGNOSIS.format(severity=severity, body=body).encode()
    return client.post(url, {"entity": "diagnoses", "file": SimpleUploadedFile("d.csv", text)})


def _authority_severity():
    from ihya.diagnosis.models import DiagnosisCause

    return list(
        DiagnosisCause.objects.filter(
            diagnosis__factory__external_id="DEMO-0001",
            diagnosis__body__code="export-authority",
            cause__code="electricity",
        ).values_list("severity", flat=True)
    )


@pytest.mark.parametrize("body", ["export-authority", ""])
def test_an_analyst_cannot_change_the_assessment_of_another_body(
    small_demo, api_for, client_for, body
):
    """The export authority's assessment stays as it recorded it, whatever a ministry analyst
    imports over it — by the API or the page, naming the authority or no body at all."""
    # the authority analyst has no import right: an administrator records it for the authority
    recorded = _import(api_for("admin"), "/api/v1/imports", 2, "export-authority").json()
    assert recorded["ok"] is True and _authority_severity() == [2]
    by_api = _import(api_for("ministry"), "/api/v1/imports", 4, body).json()
    assert by_api["ok"] is False
    assert [i["code"] for i in by_api["issues"]] == ["other_body"]
    page = _import(client_for("ministry"), "/factories/import/", 4, body)
    assert page.status_code in (200, 302)
    assert _authority_severity() == [2]
    # the analyst records the ministry's own assessment beside it
    own = _import(api_for("ministry"), "/api/v1/imports", 4, "ministry-industry").json()
    assert own["ok"] is True and _authority_severity() == [2]


def test_every_schema_of_the_api_has_its_own_name():
    """The OpenAPI document names a schema by its class name: two classes of one name share one
    definition, and one of the two operations is documented wrongly (the priority scenarios were
    documented as the portfolio's, the KPI actuals' body as the plan's)."""
    import ninja

    import ihya.api  # noqa: F401  (every router imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names: dict[str, list[str]] = {}
    for cls in subclasses(ninja.Schema):
        if cls.__module__.startswith("ihya."):
            names.setdefault(cls.__name__, []).append(cls.__module__)
    assert {name: mods for name, mods in names.items() if len(set(mods)) > 1} == {}
