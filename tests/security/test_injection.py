"""SQL injection through filters and sort keys: every list filter, sort key and parameter of the
pages and the API, given SQL (and numbers no one expects), answers 200 or a refusal — never a
server error — returns no row the filter does not match, and leaves every table as it was."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "' OR 1=1 --",
    '" OR "1"="1',
    "1' OR '1'='1' /*",
    "id; DROP TABLE registry_factory",
    "'; DROP TABLE registry_factory; --",
    "-id,(select 1)",
    "name_en); DELETE FROM registry_factory; --",
    "1 UNION SELECT username, password FROM auth_user --",
    "%' OR external_id LIKE '%",
    "\\x00",
    "a\x00b",
    "NaN",
    "-Infinity",
    "1e999",
    "-1",
    "99999999999999999999999999",
    "٣",
]
CRITERIA = ["export_potential", "complexity", "restart_cost"]  # a benefit, a cost
# page or API path -> the query parameters it reads
PAGES = {
    "/factories/": ["sort", "status", "municipality", "isic", "ownership", "q", "page"],
    "/factories/export.csv": ["entity", "headers"],
    "/cases/": ["state", "at_risk", "body", "municipality"],
    "/decisions/": ["show"],
    "/tasks/": ["body", "overdue", "factory_id"],
    "/priority/": ["method", "scenario", *[f"w_{c}" for c in CRITERIA]],
    "/priority/compare/": ["a", "b", "method"],
    "/priority/ahp/": ["submitted", "use_complexity", "p_export_potential__complexity"],
    "/priority/export.xlsx": ["method", "w_complexity"],
    "/portfolio/compare/": ["a", "b"],
    "/plans/": ["show"],
    "/kpis/": ["quarter", "body", "municipality", "indicator"],
    "/notifications/": ["unread", "page"],
    "/trade/": ["run"],
    "/trade/products/": ["run", "q", "exported", "group", "sort", "page"],
    "/trade/opportunities/": ["run", "group", "method", "show"],
    "/trade/product-space/": ["run"],
    "/linkages/": ["table"],
}
API = {
    "/api/v1/factories": ["sort", "status", "municipality", "isic", "ownership", "q", "limit"],
    "/api/v1/cases": ["state", "at_risk", "body", "municipality"],
    "/api/v1/tasks": ["factory_id", "body", "overdue"],
    "/api/v1/agenda": ["as_of"],
    "/api/v1/notifications": ["unread", "offset"],
    "/api/v1/priority/ranking": ["scenario", "method", *[f"w_{c}" for c in CRITERIA]],
    "/api/v1/trade/runs": ["limit", "offset"],
    "/api/v1/trade/runs/{run}/products": ["q", "exported", "group", "sort", "offset"],
    "/api/v1/trade/runs/{run}/markets": ["product", "market", "limit"],
    "/api/v1/reports/kpi": ["quarter"],
}


def _tables() -> dict[str, int]:
    from django.apps import apps

    counted = {}
    for model in apps.get_models():
        if model._meta.app_label in ("registry", "reference", "auth", "accounts", "diagnosis"):
            counted[model._meta.db_table] = model._default_manager.count()
    return counted


def _send(client, url, params, allowed):
    wrong = []
    for name in params:
        for payload in PAYLOADS:
            response = client.get(url, {name: payload})
            if response.status_code not in allowed:
                wrong.append((url, name, payload, response.status_code))
    return wrong


@pytest.mark.parametrize("interface", ["pages-0", "pages-1", "api"])  # two halves of the pages
def test_filters_and_sort_keys_refuse_injection_without_a_server_error(
    trade_run, client_for, api_for, interface
):
    client = api_for("admin") if interface == "api" else client_for("admin")
    client.raise_request_exception = False  # a 500 is counted, not raised
    before = _tables()
    wrong = []
    if interface != "api":
        half = int(interface[-1])
        for url, params in list(PAGES.items())[half::2]:
            wrong += _send(client, url, params, {200, 400, 404})
    else:
        for url, params in API.items():
            url = url.replace("{run}", str(trade_run.pk))
            wrong += _send(client, url, params, {200, 400, 404, 422})
    assert wrong == []
    assert _tables() == before
    assert "registry_factory" in connection.introspection.table_names()


def test_no_extra_rows(small_demo, client_for, api_for):
    from ihya.registry.models import Factory

    total = Factory.objects.count()
    api, page = api_for("viewer"), client_for("viewer")
    assert len(api.get("/api/v1/factories", {"limit": 1000}).json()["items"]) == total
    for payload in PAYLOADS[:10]:
        for name in ("q", "status", "municipality", "isic", "ownership"):
            response = api.get("/api/v1/factories", {name: payload, "limit": 1000})
            assert response.status_code in (200, 422), (name, payload)
            if response.status_code == 200:
                assert response.json()["items"] == [], (name, payload)
            listed = page.get("/factories/", {name: payload})
            assert listed.status_code == 200
            assert b"DEMO-0" not in listed.content, (name, payload)
        # a sort key that is not a column is refused (API) or ignored (page), never run
        assert api.get("/api/v1/factories", {"sort": payload}).status_code == 422
    assert Factory.objects.count() == total


def test_a_nul_character_is_refused_before_any_lookup(small_demo, client_for, api_for):
    """PostgreSQL refuses NUL in any text value: a NUL in a path, a query, a form or a JSON body
    was a server error there (meetings and their report by number, case and priority filters,
    decisions and meetings recorded, the trade products' page). It is refused before any lookup,
    on every database: 422 problem+json from the API, the 400 page; files keep their bytes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ihya.followup.models import Decision, Meeting

    api, page = api_for("secretary"), client_for("secretary")
    api.raise_request_exception = page.raise_request_exception = False
    for response in (
        api.get("/api/v1/reports/meeting/M%001"),
        api.get("/api/v1/meetings/M%001"),
        api.get("/api/v1/cases/DEMO%000001"),
        api.get("/api/v1/cases", {"state": "a\x00"}),
        api.get("/api/v1/tasks", {"body": "\x00"}),
        api.post(
            "/api/v1/decisions",
            data='{"number": "D-\\u0000", "taken_on": "2026-01-10", "text_ar": "قرار"}',
            content_type="application/json",
        ),
        api.post(
            "/api/v1/decisions/D%001/state",
            data='{"state": "done"}',
            content_type="application/json",
        ),
        api.post(
            "/api/v1/imports", {"entity": "fac\x00", "file": SimpleUploadedFile("f.csv", b"x")}
        ),
    ):
        assert response.status_code == 422, (response.request["PATH_INFO"], response.status_code)
        assert response["Content-Type"] == "application/problem+json"
        assert "NUL" in response.json()["detail"]
    for response in (
        page.get("/meetings/M%001/"),
        page.get("/cases/", {"state": "\x00"}),
        page.get("/priority/", {"scenario": "a\x00b"}),
        page.get("/trade/products/", {"q": "\x00"}),
        page.post("/decisions/add/", {"number": "D-\x00", "taken_on": "2026-01-10"}),
        page.post("/meetings/add/", {"number": "M-\x00", "date": "2026-01-10"}),
        page.post("/decisions/D%001/state/", {"state": "done"}),
    ):
        assert response.status_code == 400, (response.request["PATH_INFO"], response.status_code)
        assert "NUL" in response.content.decode()
    assert not Decision.objects.exists() and not Meeting.objects.exists()
    # an escaped backslash before "u0000" is text; a file's NUL bytes are its own
    text = api.post(
        "/api/v1/decisions",
        data='{"number": "D-\\\\u0000", "taken_on": "2026-01-10", "text_ar": "قرار"}',
        content_type="application/json",
    )
    assert text.status_code == 201 and Decision.objects.get().number == "D-\\u0000"
    upload = api.post(
        "/api/v1/imports",
        {"entity": "factories", "file": SimpleUploadedFile("f.csv", b"factory_id\nA\x00B\n")},
    )
    assert upload.status_code < 500 and "NUL" not in upload.content.decode()
