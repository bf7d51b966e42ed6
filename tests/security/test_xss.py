"""Stored and reflected XSS: names in Arabic and English holding markup are shown as text on every
page of the role × route matrix, inside the charts' JSON, in the reports' HTML (the PDFs) and in
the exports; a name written as a formula is exported quoted, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.web.test_permissions import ROUTES

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "'><svg onload=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "{{ 7|add:7 }}<style>*{}</style>",
]
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


class Markup(HTMLParser):
    """What the payloads would create if they were not escaped: scripts that run, handlers,
    ``javascript:`` addresses, elements the pages never use; and every JSON data block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.json: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("type") == "application/json":
                self._in_json = True
                self.json.append("")
            elif not attrs.get("src"):
                self.bad.append("inline script")
        if tag == "img" and attrs.get("src") == "x":
            self.bad.append("<img src=x>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.bad.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json[-1] += data


def assert_inert(html: str, where: str) -> list:
    """The page holds no markup a payload made; returns its JSON data blocks, decoded."""
    parser = Markup()
    parser.feed(html)
    assert parser.bad == [], (where, parser.bad)
    data = [json.loads(block) for block in parser.json]  # no payload ended a block early
    for payload in PAYLOADS:
        assert payload not in html, (where, payload)  # never written raw
    assert "14<style>" not in html and "14&lt;style&gt;" not in html  # nor evaluated as a template
    return data


@pytest.fixture
def stored(small_demo, actors):
    """Every demo factory named with a payload (Arabic and English), a decision, a meeting and a
    priority scenario too."""
    from ihya.followup.meetings import meeting_plan
    from ihya.followup.services import decision_record
    from ihya.priority.services import priority_scenario_save
    from ihya.registry.models import Factory

    for i, factory in enumerate(Factory.objects.order_by("external_id")):
        payload = PAYLOADS[i % len(PAYLOADS)]
        Factory.objects.filter(pk=factory.pk).update(
            name_ar=f"مصنع {payload} الأمل",
            name_en=f"Factory {payload}",
            industrial_zone=payload,
            notes=f"ملاحظة {payload}",
        )
    for i, formula in enumerate(FORMULAS):  # DEMO-0011 … DEMO-0014
        Factory.objects.filter(external_id=f"DEMO-{11 + i:04d}").update(
            name_ar=formula, name_en=formula
        )
    meeting_plan(actor=actors["admin"], number="M-XSS", date=dt.date(2026, 3, 1), place=PAYLOADS[1])
    decision_record(
        actor=actors["admin"],
        number="D-XSS",
        taken_on=dt.date(2026, 3, 1),
        text_ar=f"قرار {PAYLOADS[2]}",
        text_en=f"Decision {PAYLOADS[0]}",
        factory_ids=["DEMO-0001"],
        owner_body="ministry-industry",
        owner_person=PAYLOADS[1],
        deadline=dt.date(2026, 4, 1),
        meeting="M-XSS",
    )
    priority_scenario_save(
        actor=actors["admin"],
        name=f"سيناريو {PAYLOADS[2]}",
        weights={"jobs_restored": 1.0, "restart_cost": 0.5},
        method="wsm",
    )


EXTRA = [
    "/cases/DEMO-0001/",
    "/cases/DEMO-0002/",
    "/meetings/M-XSS/",
    "/decisions/",
    "/priority/DEMO-0002/",
    "/priority/compare/?a=DEMO-0001&b=DEMO-0003",
    "/notifications/",
    # reflected: what the caller typed, shown back in the filters
    "/factories/?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
    "/factories/?q=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&sort=%22%3E",
    "/factories/?status=%22%3E%3Csvg+onload%3Dalert(1)%3E",
    "/priority/?w_jobs_restored=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/priority/?scenario=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_shows_the_payloads_as_text(stored, client_for, lang):
    client = client_for("admin")
    if lang == "en":
        client.post("/i18n/setlang/", {"language": "en"})
    urls = [reverse(name, kwargs=kwargs) for name, kwargs, _allowed in ROUTES] + EXTRA
    shown, charted = 0, ""
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        charted += json.dumps(assert_inert(html, url), ensure_ascii=False)
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert shown >= 5  # the payloads were on the pages, escaped
    assert PAYLOADS[2] in charted  # and in a chart's data, whole once decoded
    detail = client.get("/factories/DEMO-0001/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def _row(rows, key):
    return next(r for r in rows if key in r)


def test_exports_hold_the_payloads_as_text_and_formulas_quoted(stored, client_for):
    import openpyxl

    client = client_for("admin")
    text = b"".join(client.get("/factories/export.csv?entity=factories").streaming_content)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    header = rows[0]
    name = header.index("name_en")
    first = _row(rows, "DEMO-0001")
    assert first[name] == f"Factory {PAYLOADS[0]}"  # text, as it was
    for i, formula in enumerate(FORMULAS):
        row = _row(rows, f"DEMO-{11 + i:04d}")
        assert row[name] == "'" + formula
    assert first[header.index("employees_now")].isdigit()

    data = b"".join(client.get("/factories/export.xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    for i, formula in enumerate(FORMULAS):
        row = _row(values, f"DEMO-{11 + i:04d}")
        assert "'" + formula in row and formula not in row
    row = _row(values, "DEMO-0001")
    assert f"Factory {PAYLOADS[0]}" in row
    assert any(isinstance(v, int) for v in row)  # numbers stay numbers

    data = client.get("/priority/export.xlsx").content
    cells = [
        c.value
        for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets
        for r in ws.iter_rows()
        for c in r
    ]
    assert not any(isinstance(v, str) and v[:1] in "=+@" for v in cells)
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert any(isinstance(v, (int, float)) for v in cells)

    report = client.get("/api/v1/reports/factory/DEMO-0011?format=xlsx")
    cells = [
        c.value
        for ws in openpyxl.load_workbook(io.BytesIO(report.content)).worksheets
        for r in ws.iter_rows()
        for c in r
    ]
    assert "'" + FORMULAS[0] in cells and FORMULAS[0] not in cells


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_reports_html_escapes_the_payloads(stored, lang):
    from django.template.loader import render_to_string
    from django.utils import translation

    from ihya.priority.selectors import ranking_choice
    from ihya.reports.factory import factory_context
    from ihya.reports.meeting import meeting_context
    from ihya.reports.priority import priority_context

    documents = {
        "factory 1": ("reports/factory.html", factory_context(external_id="DEMO-0001", lang=lang)),
        "factory 3": ("reports/factory.html", factory_context(external_id="DEMO-0003", lang=lang)),
        "meeting": ("reports/meeting.html", meeting_context(number="M-XSS", lang=lang)),
        "priority": (
            "reports/priority.html",
            priority_context(
                choice=ranking_choice(scenario=None, method=None, params={}), lang=lang
            ),
        ),
    }
    for where, (template, context) in documents.items():
        with translation.override(lang):
            html = render_to_string(template, context)
        assert_inert(html, where)
        assert "&lt;" in html, where  # a payload was there, escaped
