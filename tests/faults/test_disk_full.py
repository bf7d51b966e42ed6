"""Fault: the disk full while an attachment, an uploaded import or a report is saved (issue 17).
The disk fills for real as far as Python can tell: every file opened for writing takes a few
bytes, then its writes fail with ENOSPC — the partial bytes stay on disk unless the code
removes them. The user gets a clear refusal (507 / the form's or the job's reason in Arabic and
English), no database row names a missing or partial file, no partial file is left."""

from __future__ import annotations

import errno
import hashlib
import io
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PDF = b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n"


class _FullDisk(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: what fits is written, then ENOSPC."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.real.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


@pytest.fixture
def disk_full(monkeypatch, tmp_path, settings):
    """IHYA_HOME on a disk with 1 KiB left (every file opened for writing under it)."""
    settings.IHYA_HOME = tmp_path
    settings.UPLOADS = tmp_path / "uploads"
    real_open = pathlib.Path.open

    def open_(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        if "w" in mode and "b" in mode and str(self).startswith(str(tmp_path)):
            return io.BufferedWriter(_FullDisk(handle, 1024))
        return handle

    monkeypatch.setattr(pathlib.Path, "open", open_)
    return tmp_path


def _files(folder: pathlib.Path) -> list[pathlib.Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_evidence_on_a_full_disk_is_refused_whole(small_demo, client_for, api_for, disk_full):
    from ihya.audit.models import AuditEntry
    from ihya.followup.models import Evidence
    from ihya.registry.models import Factory

    factory = Factory.objects.first()
    api = api_for("ministry")
    audit = AuditEntry.objects.count()
    client = client_for("ministry")
    client.cookies["django_language"] = "en"
    url = reverse("followup:evidence_add", args=[factory.external_id])
    page = client.post(url, {"file": SimpleUploadedFile("minutes.pdf", PDF)}, follow=True)
    assert "disk is full" in page.content.decode()
    response = api.post(
        f"/api/v1/cases/{factory.external_id}/evidence",
        {"file": SimpleUploadedFile("minutes.pdf", PDF)},
    )
    assert response.status_code == 507, response.content
    assert response["Content-Type"] == "application/problem+json"
    [issue] = response.json()["issues"]
    assert issue["code"] == "storage_full" and "القرص" in issue["reason_ar"]
    assert Evidence.objects.count() == 0 and AuditEntry.objects.count() == audit
    assert _files(disk_full / "attachments") == []  # not even a partial file


def test_evidence_is_kept_whole_once_there_is_room(small_demo, api_for, settings, tmp_path):
    from ihya.followup.models import Evidence
    from ihya.registry.models import Factory

    settings.IHYA_HOME = tmp_path
    factory = Factory.objects.first()
    response = api_for("ministry").post(
        f"/api/v1/cases/{factory.external_id}/evidence",
        {"file": SimpleUploadedFile("minutes.pdf", PDF)},
    )
    assert response.status_code == 201, response.content
    [evidence] = Evidence.objects.all()
    digest = hashlib.sha256(PDF).hexdigest()
    assert _files(tmp_path / "attachments") == [tmp_path / "attachments" / digest[:2] / digest]
    assert (tmp_path / "attachments" / digest[:2] / digest).read_bytes() == PDF
    assert evidence.sha256 == digest


def test_import_upload_on_a_full_disk_is_a_form_error(small_demo, client_for, disk_full):
    from ihya.registry.models import ImportJob

    client = client_for("ministry")
    client.cookies["django_language"] = "en"
    csv = "factory_id,name_ar\n" + "X-1,مصنع\n" * 2000
    page = client.post(
        reverse("registry:import"),
        {"entity": "factories", "file": SimpleUploadedFile("f.csv", csv.encode())},
    )
    assert page.status_code == 200 and "disk is full" in page.content.decode()
    assert ImportJob.objects.count() == 0
    assert _files(disk_full / "uploads") == []


def test_report_job_on_a_full_disk_fails_with_the_reason(small_demo, actors, disk_full):
    from ihya.registry.models import Factory
    from ihya.reports.jobs import report_start
    from ihya.reports.models import ReportJob

    factory = Factory.objects.first()
    job = report_start(
        actor=actors["viewer"],
        kind="factory",
        params={"factory_id": factory.external_id},
        lang="en",
        fmt="xlsx",
    )  # the immediate backend runs it now, as the worker would
    job = ReportJob.objects.get(pk=job.pk)
    assert job.state == ReportJob.State.FAILED
    assert "disk is full" in job.errors[0]["en"] and "القرص" in job.errors[0]["ar"]
    assert (job.path, job.size, job.sha256) == ("", None, "")
    assert _files(disk_full / "reports") == []
