"""Path traversal in downloads: every route that sends a file answers 404 (or 400) to a name or
id that tries to leave its folder — in the URL, or recorded in a tampered database row."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SECRET = b"the secret key of the server"
NAMES = [
    "../../settings.py",
    "..%2f..%2fsettings.py",
    "%2e%2e%2f%2e%2e%2fsettings.py",
    "%252e%252e%252fsettings.py",
    "..\\..\\settings.py",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "settings.py%00.pdf",
    "1%00",
    "1/../../../settings.py",
]
ROUTES = [
    "/evidence/{}/",
    "/reports/jobs/{}/download/",
    "/plans/{}/export.xlsx",
    "/plans/1/export.{}",
    "/factories/export.{}",
    "/factories/export.csv?entity={}",
    "/factories/import/{}/",
    "/api/v1/reports/jobs/{}/file",
    "/api/v1/reports/factory/{}",
    "/api/v1/reports/meeting/{}",
    "/api/v1/reports/kpi?quarter={}",
    "/static/{}",
]


@pytest.fixture
def home(settings, tmp_path):
    settings.IHYA_HOME = tmp_path / "home"
    (tmp_path / "home").mkdir()
    for secret in (tmp_path / "settings.py", tmp_path / "home" / "settings.py"):
        secret.write_bytes(SECRET)
    return tmp_path


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_no_download_route_follows_a_path_in_its_url(small_demo, home, client_for, api_for):
    page, api = client_for("admin"), api_for("admin")
    page.raise_request_exception = api.raise_request_exception = False
    for route in ROUTES:
        client = api if route.startswith("/api/") else page
        for name in NAMES:
            url = route.format(name)
            response = client.get(url)
            assert response.status_code in (400, 404, 422), (url, response.status_code)
            assert SECRET not in _body(response), url


def _done_job(user, path: str):
    from ihya.reports.models import ReportJob

    return ReportJob.objects.create(
        kind="kpi",
        state=ReportJob.State.DONE,
        filename="kpi.pdf",
        path=path,
        content_type="application/pdf",
        requested_by=user,
    )


def test_a_report_job_never_serves_a_file_outside_its_folder(home, actors, client_for, api_for):
    reports = home / "home" / "reports"
    reports.mkdir()
    (reports / "7-kpi.pdf").write_bytes(b"%PDF honest")
    honest = _done_job(actors["viewer"], "7-kpi.pdf")
    page, api = client_for("viewer"), api_for("viewer")
    assert _body(page.get(f"/reports/jobs/{honest.pk}/download/")) == b"%PDF honest"
    assert _body(api.get(f"/api/v1/reports/jobs/{honest.pk}/file")) == b"%PDF honest"
    # a row whose recorded name was tampered with (a restored or edited database)
    for path in ("../settings.py", "../../settings.py", str(home / "settings.py"), "..", "."):
        job = _done_job(actors["viewer"], path)
        for response in (
            page.get(f"/reports/jobs/{job.pk}/download/"),
            api.get(f"/api/v1/reports/jobs/{job.pk}/file"),
        ):
            assert response.status_code == 404, path
            assert SECRET not in _body(response)


def test_evidence_never_serves_a_file_outside_its_folder(small_demo, home, actors, client_for):
    from ihya.followup.models import Evidence
    from ihya.registry.models import Factory

    factory = Factory.objects.get(external_id="DEMO-0001")
    client = client_for("viewer")
    for digest in ("../../settings.py", "/etc/passwd", "../" * 5 + "etc/passwd"):  # 64 at most
        evidence = Evidence.objects.create(
            factory=factory, name="x.pdf", content_type="application/pdf", size=1, sha256=digest
        )
        response = client.get(f"/evidence/{evidence.pk}/")
        assert response.status_code == 404, digest
        assert SECRET not in _body(response)
