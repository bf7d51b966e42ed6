"""Every route, every role: the server checks permissions on each one (none left unguarded)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# route name, kwargs, roles allowed (besides admin)
ROUTES = [
    ("dashboard", {}, {"secretary", "ministry", "authority", "member", "viewer"}),
    ("preferences", {}, {"secretary", "ministry", "authority", "member", "viewer"}),
    ("glossary", {}, {"secretary", "ministry", "authority", "member", "viewer"}),
    ("registry:factory_list", {}, {"secretary", "ministry", "authority", "member", "viewer"}),
    (
        "registry:factory_detail",
        {"external_id": "DEMO-0001"},
        {"secretary", "ministry", "authority", "member", "viewer"},
    ),
    ("registry:factory_create", {}, {"secretary", "ministry"}),
    ("registry:factory_edit", {"external_id": "DEMO-0001"}, {"secretary", "ministry"}),
    (  # 404 for the allowed: DEMO-0001 needs no such requirement
        "registry:requirement_edit",
        {"external_id": "DEMO-0001", "requirement_id": "NO-SUCH"},
        {"ministry", "authority"},
    ),
    (
        "registry:scheme_edit",
        {"external_id": "DEMO-0001", "mode": "no_such"},
        {"ministry", "authority"},
    ),
    ("registry:import", {}, {"secretary", "ministry"}),
    ("registry:import_job", {"pk": 999999}, {"secretary", "ministry"}),  # 404: not theirs
    ("registry:export", {"fmt": "csv"}, {"secretary", "ministry"}),
    *[
        (name, {}, {"secretary", "ministry", "authority", "member", "viewer"})
        for name in (
            "trade:overview",
            "trade:products",
            "trade:product_space",
            "trade:opportunities",
            "trade:runs",
            "linkages:overview",
            "priority:ranking",
            "priority:scenarios",
            "priority:export",
            "priority:compare",
            "priority:ahp",
        )
    ],
    ("priority:save", {}, {"ministry", "authority"}),  # POST only: 405 to a GET
    (
        "priority:explanation",
        {"external_id": "DEMO-0001"},
        {"secretary", "ministry", "authority", "member", "viewer"},
    ),
    *[
        (name, kwargs, {"secretary", "ministry", "authority", "member", "viewer"})
        for name, kwargs in (
            ("portfolio:scenarios", {}),
            ("portfolio:compare", {}),
            ("portfolio:scenario", {"pk": 999999}),  # 404 for the allowed: no such scenario
            ("portfolio:progress", {"pk": 999999}),
        )
    ],
    ("portfolio:new", {}, {"ministry", "authority"}),
    ("portfolio:edit", {"pk": 999999}, {"ministry", "authority"}),
    ("portfolio:solve", {"pk": 999999}, {"ministry", "authority"}),  # POST only: 405 to a GET
    *[
        (name, kwargs, {"secretary", "ministry", "authority", "member", "viewer"})
        for name, kwargs in (
            ("plan:plans", {}),
            ("plan:build", {"pk": 999999}),  # 404 for the allowed: no such build
            ("plan:plan", {"pk": 999999}),
            ("plan:compare", {"pk": 999999}),
            ("plan:export", {"pk": 999999, "fmt": "xlsx"}),
        )
    ],
    ("plan:build_start", {}, {"secretary", "ministry", "authority"}),  # POST only
    ("plan:approve", {"pk": 999999}, {"member"}),  # POST only: 405 to a GET
    *[
        (name, kwargs, {"secretary", "ministry", "authority", "member", "viewer"})
        for name, kwargs in (
            ("followup:cases", {}),
            ("followup:case", {"external_id": "DEMO-0001"}),
            ("followup:decisions", {}),
            ("followup:meetings", {}),
            ("followup:meeting", {"number": "NO-SUCH"}),  # 404 for the allowed
            ("followup:my_tasks", {}),
            ("followup:evidence", {"evidence_id": 999999}),  # 404 for the allowed
        )
    ],
    # POST only (405 to a GET); which move, the workflow's roles decide (tests/followup)
    (
        "followup:move",
        {"external_id": "DEMO-0001"},
        {"secretary", "ministry", "authority", "member"},
    ),
    ("followup:report", {"external_id": "DEMO-0001"}, {"secretary", "ministry"}),
    ("followup:decision_add", {}, {"secretary"}),
    ("followup:decision_state", {"number": "D-1"}, {"secretary"}),
    ("followup:meeting_add", {}, {"secretary"}),
    ("followup:meeting_record", {"number": "M-1"}, {"secretary"}),
    ("followup:task_update", {}, {"secretary", "ministry", "authority"}),
    ("followup:evidence_add", {"external_id": "DEMO-0001"}, {"secretary", "ministry", "authority"}),
    ("followup:reforecast", {}, {"secretary", "ministry", "authority"}),
    # everyone has their own notifications (and sees no one else's: tests/notify)
    *[
        (name, {}, {"secretary", "ministry", "authority", "member", "viewer"})
        for name in ("notify:list", "notify:read_all", "notify:preferences")
    ],
    ("kpi:dashboard", {}, {"secretary", "ministry", "authority", "member", "viewer"}),
    ("kpi:record", {}, {"secretary", "ministry"}),  # POST only: 405 to a GET
    ("kpi:import", {}, {"secretary", "ministry"}),  # POST only: 405 to a GET
    # report jobs: every signed-in user starts and follows their own (the service checks the
    # kind's right); another's job is a 404 like a missing one
    *[
        (name, kwargs, {"secretary", "ministry", "authority", "member", "viewer"})
        for name, kwargs in (
            ("reports:job_start", {}),  # POST only: 405 to a GET
            ("reports:job", {"pk": 999999}),
            ("reports:job_download", {"pk": 999999}),
        )
    ],
]
PUBLIC = {"login", "logout", "set_language", "healthz"}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or (p.urlconf_module and "i18n" in str(p.urlconf_module)):
                continue
            if p.namespace == "api":  # checked endpoint by endpoint in test_api.py
                continue
            yield from _names(p.url_patterns, f"{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_page_route_is_in_the_permission_matrix():
    names = set(_names(get_resolver().url_patterns)) - PUBLIC
    assert names == {name for name, _, _ in ROUTES}


@pytest.mark.parametrize(("name", "kwargs", "allowed"), ROUTES)
def test_the_matrix(small_demo, client_for, name, kwargs, allowed):
    url = reverse(name, kwargs=kwargs)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for actor in ("admin", "secretary", "ministry", "authority", "member", "viewer"):
        status = client_for(actor).get(url).status_code
        if actor == "admin" or actor in allowed:
            expected = {
                "registry:import_job": 404,
                "registry:requirement_edit": 404,
                "registry:scheme_edit": 404,
                "priority:save": 405,
                "portfolio:scenario": 404,
                "portfolio:progress": 404,
                "portfolio:edit": 404,
                "portfolio:solve": 405,
                "plan:build": 404,
                "plan:plan": 404,
                "plan:compare": 404,
                "plan:export": 404,
                "plan:build_start": 405,
                "plan:approve": 405,
                "followup:move": 405,
                "followup:report": 405,
                "followup:decision_add": 405,
                "followup:decision_state": 405,
                "followup:meeting_add": 405,
                "followup:meeting_record": 405,
                "followup:task_update": 405,
                "followup:evidence_add": 405,
                "followup:reforecast": 405,
                "followup:meeting": 404,
                "followup:evidence": 404,
                "notify:read_all": 405,  # POST only
                "notify:preferences": 405,
                "kpi:record": 405,
                "kpi:import": 405,
                "reports:job_start": 405,
                "reports:job": 404,
                "reports:job_download": 404,
            }.get(name, 200)
            assert status == expected, (name, actor, status)
        else:
            assert status == 403, (name, actor, status)


def test_a_refused_post_changes_nothing(small_demo, client_for):
    from ihya.registry.models import Factory

    url = reverse("registry:factory_edit", kwargs={"external_id": "DEMO-0001"})
    response = client_for("viewer").post(url, {"name_ar": "محاولة"})
    assert response.status_code == 403
    assert Factory.objects.get(external_id="DEMO-0001").name_ar != "محاولة"
