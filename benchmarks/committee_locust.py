"""Locust users doing a committee's mixed work against a served Ihya (run by committee_load.py).

Three kinds of user, with a person's pause between two actions (5–15 s: reading a page):

- ``Reader`` (most users; viewer, committee member, analysts): the dashboard, the factory list
  (filters, sorting, pages), factory files, trade, linkages, the priority ranking re-ranked with
  other weights (the sliders' HTMX request), portfolio scenarios and their decision page, plans,
  case files, decisions, meetings, KPIs, notifications;
- ``Secretary`` (secretariat): the same reading, and the writes — a factory edited through its
  form (optimistic lock: the version it read), a task's progress recorded, a registry file
  imported in the background (its job page polled until done);
- ``Analyst`` (ministry analyst): the same reading, factories edited, a portfolio scenario solved
  in the background (polled as the page does, every second), now and then a plan built from a
  solved scenario (polled);
- ``Monitor``: ``/healthz`` once a second, the baseline of the same run.

Every request is named by what it is (``page …``, ``write …``, ``poll …``, ``/healthz``);
``committee_load.py`` reads the per-request log this file writes (``IHYA_LOAD_LOG``) and prints
the percentiles per kind. Credentials and the import file come from the environment
(``IHYA_LOAD_USERS`` JSON ``{role: [username, password]}``, ``IHYA_LOAD_IMPORT``).
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, constant, events, task

USERS = json.loads(os.environ.get("IHYA_LOAD_USERS", "{}"))
IMPORT_FILE = os.environ.get("IHYA_LOAD_IMPORT", "")
LOG = os.environ.get("IHYA_LOAD_LOG", "")
PLAN_BUILDS = int(os.environ.get("IHYA_LOAD_PLAN_BUILDS", "2"))
READER_ROLES = ["viewer", "committee_member", "ministry_analyst", "authority_analyst"]
CRITERIA_RE = re.compile(r'name="(w_[a-z_]+)"')
FACTORY_RE = re.compile(r'href="/factories/(DEMO-\d+)/"')
CASE_RE = re.compile(r'href="/cases/(DEMO-\d+)/"')
SCENARIO_RE = re.compile(r'href="/portfolio/(\d+)/"')
PLAN_RE = re.compile(r'href="/plans/(\d+)/"')
BUILD_SELECT_RE = re.compile(r'id="build-scenario">(.*?)</select>', re.S)
OPTION_RE = re.compile(r'<option value="(\d+)"')

_records: list[tuple[str, float, int]] = []
_plans_started = 0


@events.request.add_listener
def _record(name, response_time, exception, response=None, **_kw):
    # 200 when it counted as done (a 409 on a stale edit is the designed answer: the edit task
    # marks it done), else the error status, or 1 for a failure without one
    status = getattr(response, "status_code", 0) or 0
    if exception is None:
        status = 200
    elif 200 <= status < 400 or not status:
        status = 1  # failed without an error status (no answer, a check of its content)
    _records.append((name, float(response_time), status))


@events.quitting.add_listener
def _write(environment, **_kw):
    if LOG:
        with open(LOG, "w", encoding="utf-8") as out:
            json.dump(_records, out)


class _Form(HTMLParser):
    """The named fields of the first form with this id, with their current values."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields, self._select, self._textarea = (
            form_id,
            False,
            {},
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.fields and a.get("id") == self.form_id:
            self.inside = True
        elif not self.inside:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") not in ("submit", "button", "file"):
                self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_fields(html: str, form_id: str) -> dict[str, str]:
    parser = _Form(form_id)
    parser.feed(html)
    return parser.fields


class _Committee(HttpUser):
    abstract = True
    wait_time = between(5, 15)
    role = "viewer"

    def on_start(self):
        username, password = USERS[self.role]
        self.client.get("/login/", name="page login")
        self.client.post(
            "/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + "/login/"},
            name="write login",
        )
        html = self.page("/factories/?sort=-jobs_lost", "page factories").text
        self.factories = FACTORY_RE.findall(html) or ["DEMO-0001"]
        self.criteria = sorted(
            set(CRITERIA_RE.findall(self.page("/priority/", "page priority").text))
        )
        self.scenarios = SCENARIO_RE.findall(self.page("/portfolio/", "page portfolio").text) or []
        self.cases = CASE_RE.findall(self.page("/cases/", "page cases").text) or self.factories

    def page(self, url: str, name: str, **kw):
        return self.client.get(url, name=name, **kw)

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @task(6)
    def factory_list(self):
        status = random.choice(["", "stalled", "operating", "partly_operating", "closed"])
        sort = random.choice(["name", "-jobs_lost", "-employees", "municipality", "stalled_since"])
        self.page(
            f"/factories/?status={status}&sort={sort}&page={random.randint(1, 4)}", "page factories"
        )

    @task(6)
    def factory_file(self):
        self.page(f"/factories/{random.choice(self.factories)}/", "page factory file")

    @task(3)
    def dashboard(self):
        self.page("/", "page dashboard")

    @task(2)
    def trade(self):
        url, name = random.choice(
            [
                ("/trade/", "page trade"),
                ("/trade/products/", "page trade products"),
                ("/trade/opportunities/", "page trade opportunities"),
                ("/linkages/", "page linkages"),
            ]
        )
        self.page(url, name)

    @task(3)
    def rerank(self):
        weights = "&".join(
            f"{c}={random.choice(['0', '0.25', '0.5', '0.75', '1'])}" for c in self.criteria
        )
        self.page(
            f"/priority/?method={random.choice(['wsm', 'topsis'])}&{weights}",
            "page priority re-ranked",
            headers={"HX-Request": "true"},
        )

    @task(1)
    def priority(self):
        self.page("/priority/", "page priority")

    @task(2)
    def portfolio(self):
        if self.scenarios:
            self.page(f"/portfolio/{random.choice(self.scenarios)}/", "page portfolio decision")
        else:
            self.page("/portfolio/", "page portfolio")

    @task(2)
    def plans(self):
        html = self.page("/plans/", "page plans").text
        ids = PLAN_RE.findall(html)
        if ids:
            self.page(f"/plans/{ids[0]}/", "page plan")

    @task(4)
    def follow_up(self):
        url, name = random.choice(
            [
                ("/cases/", "page cases"),
                (f"/cases/{random.choice(self.cases)}/", "page case file"),
                ("/decisions/", "page decisions"),
                ("/meetings/", "page meetings"),
                ("/kpis/", "page kpis"),
                ("/notifications/", "page notifications"),
            ]
        )
        self.page(url, name)


class Reader(_Committee):
    weight = 8

    def on_start(self):
        self.role = random.choice(READER_ROLES)
        super().on_start()


class _Writer(_Committee):
    abstract = True

    def poll(self, url: str, name: str, seconds: float = 180) -> None:
        """Poll a background job's page as its HTMX progress does (every second) until it is done."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            html = self.page(url, name, headers={"HX-Request": "true"}).text
            if not re.search(r'hx-trigger="[^"]*every', html):
                return
            time.sleep(1)

    @task(2)
    def edit_factory(self):
        external_id = random.choice(self.factories)
        url = f"/factories/{external_id}/edit/"
        fields = form_fields(self.page(url, "page factory edit").text, "factory-form")
        if not fields:
            return
        fields["notes"] = f"load test {random.randint(1, 10**6)}"
        with self.client.post(
            url,
            data=fields,
            headers={"Referer": self.host + url},
            name="write factory edit",
            catch_response=True,
        ) as response:
            if response.status_code == 409:  # somebody saved it in between: refused, as designed
                response.success()


class Secretary(_Writer):
    """The secretariat: records progress, edits files, imports."""

    weight = 1
    role = "secretariat"

    @task(3)
    def task_progress(self):
        html = self.page("/tasks/", "page my tasks").text
        keys = re.findall(r'name="task_key" value="([^"]+)"', html)
        if not keys:
            return
        self.client.post(
            "/tasks/update/",
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "task_key": random.choice(keys),
                "status": "in_progress",
                "percent": str(random.randint(1, 99)),
                "note": "load test",
                "next": "/tasks/",
            },
            headers={"Referer": self.host + "/tasks/"},
            name="write task progress",
        )

    @task(1)
    def import_file(self):
        self.page("/factories/import/", "page import")
        with open(IMPORT_FILE, "rb") as f:
            response = self.client.post(
                "/factories/import/",
                data={"csrfmiddlewaretoken": self.csrf(), "entity": "factories"},
                files={"file": ("factories.csv", f, "text/csv")},
                headers={"Referer": self.host + "/factories/import/"},
                name="write import",
            )
        if (
            "/factories/import/" in response.url
            and response.url.rstrip("/").split("/")[-1].isdigit()
        ):
            self.poll(response.url, "poll import")


class Analyst(_Writer):
    """A ministry analyst: edits files, solves scenarios, builds plans."""

    weight = 1
    role = "ministry_analyst"

    @task(1)
    def solve(self):
        if not self.scenarios:
            return
        pk = random.choice(self.scenarios)
        self.client.post(
            f"/portfolio/{pk}/solve/",
            data={"csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": f"{self.host}/portfolio/{pk}/"},
            name="write portfolio solve",
        )
        self.poll(f"/portfolio/{pk}/progress/", "poll portfolio solve")

    @task(1)
    def build_plan(self):
        global _plans_started
        if _plans_started >= PLAN_BUILDS or not self.scenarios:
            return
        # a scenario the build form offers (solved, with a portfolio), as a person picks it
        select = BUILD_SELECT_RE.search(self.page("/plans/", "page plans").text)
        offered = OPTION_RE.findall(select.group(1)) if select else []
        if not offered:
            return
        _plans_started += 1
        response = self.client.post(
            "/plans/build/",
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "scenario": offered[0],
                "name": f"Load {random.randint(1, 10**6)}",
                "objective": "weighted",
                "time_limit": "20",
            },
            headers={"Referer": self.host + "/plans/"},
            name="write plan build",
        )
        if "/plans/builds/" in response.url:
            self.poll(response.url, "poll plan build", seconds=300)


class Monitor(HttpUser):
    fixed_count = 1
    wait_time = constant(1)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
