"""A factory's case file walked in real Chromium, in Arabic, from registered to exporting: each
move clicked by a user whose role the workflow names, with its proof recorded the way a user
would (a committee decision on the register, a production report on the file, the export record
imported on the registry's import page). At every guarded move a user of another role is refused
on the page (no button; the form forged anyway: a message, nothing changed) and through the API
(403 ``role_not_allowed``); a move whose proof is missing is refused with its reason in Arabic
(409). Screenshots are kept as artifacts."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import urllib.error
import urllib.request

from tests.e2e.conftest import login, shot

PLAN = "Balanced (demo)"
ROLE_REFUSED = "لا يسمح دورك بهذا الإجراء"  # "Your role may not make this move"
ROLE_HAS_NO_RIGHT = "دورك لا يسمح بهذا (followup.move_case)"  # "Your role does not allow this"
NO_REPORT = "لم يُسجَّل أي تقرير إنتاج مؤرخ للمصنع."  # "No dated production report …"
MOVED = "حالة الملف الآن"  # "The file is now: …"

# a form the page does not offer, posted from the page anyway (as a user editing the page would)
FORGE = """([action, to]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  for (const [name, value] of [["csrfmiddlewaretoken", token], ["to", to], ["note", "e2e"]]) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def api(server, token, method, path, body=None):
    """(status, content type, JSON body) of one API call with a personal token."""
    request = urllib.request.Request(
        f"{server}/api/v1{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], json.load(error)


def planned_registered_factory(server, tokens) -> str:
    """The first factory whose restart the approved demo plan schedules after steps (its
    requirements: a costed diagnosis), whose case file is still registered with its diagnosis
    recorded (the first move possible) and whose revival no decision approves yet."""
    viewer = tokens["viewer"]
    _, _, plans = api(server, viewer, "GET", "/plans")
    plan = max(
        (p for p in plans if p["name"] == PLAN and p["state"] == "approved"),
        key=lambda p: p["version"],
    )
    _, _, document = api(server, viewer, "GET", f"/plans/{plan['id']}")
    planned = [
        t["factory_id"] for t in document["tasks"] if t["kind"] == "restart" and t["predecessors"]
    ]
    _, _, opened = api(server, viewer, "GET", "/cases")
    states = {c["factory_id"]: c["state"] for c in opened}
    _, _, decisions = api(server, viewer, "GET", "/decisions")
    approved = {f for d in decisions if d["approves"] for f in d["factory_ids"]}
    for factory_id in planned:
        if states.get(factory_id, "registered") != "registered" or factory_id in approved:
            continue
        status, _, case = api(server, tokens["ministry"], "GET", f"/cases/{factory_id}")
        if status == 200 and case["state"] == "registered" and "diagnosed" in case["allowed"]:
            return factory_id
    raise AssertionError(f"no factory of {PLAN} is still registered with its diagnosis")


class Walk:
    """One factory's case file, and a signed-in browser page for each user."""

    def __init__(self, browser, server, tokens, factory_id):
        self.server, self.tokens, self.factory_id = server, tokens, factory_id
        self.url = f"{server}/cases/{factory_id}/"
        self.contexts, self.pages = [], {}
        for name in ("ministry", "authority", "secretary", "member", "viewer"):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            login(page, server, name)
            self.contexts.append(context)
            self.pages[name] = page

    def close(self):
        for context in self.contexts:
            context.close()

    def open(self, user):
        page = self.pages[user]
        page.goto(self.url)
        return page

    def state(self, page) -> str:
        return page.get_attribute("#case-state", "data-state")

    def case(self, user) -> dict:
        status, _, case = api(self.server, self.tokens[user], "GET", f"/cases/{self.factory_id}")
        assert status == 200
        return case

    def refused(self, to, users):
        """Each of ``users`` may not make the move to ``to``: no button on the page, the form
        forged anyway answered with the reason and nothing changed, 403 through the API."""
        for user in users:
            page = self.open(user)
            before = self.state(page)
            assert page.locator(f"#move-form button[data-to='{to}']").count() == 0, (user, to)
            assert to not in self.case(user)["allowed"], (user, to)
            with page.expect_navigation():
                page.evaluate(FORGE, [f"/cases/{self.factory_id}/move/", to])
            assert page.url == self.url
            assert ROLE_REFUSED in page.inner_text(".alert-danger"), (user, to)
            assert self.state(page) == before, (user, to)
            self.refused_by_api(user, to)

    def refused_by_api(self, user, to):
        before = self.case(user)["state"]
        status, kind, body = api(
            self.server,
            self.tokens[user],
            "POST",
            f"/cases/{self.factory_id}/transitions",
            {"to": to, "note": "e2e"},
        )
        assert status == 403 and kind == "application/problem+json", (user, to, body)
        # a role that may move no file at all is refused before its request is read
        # ("forbidden"); one that may make other moves, by the workflow ("role_not_allowed")
        codes = [i["code"] for i in body["issues"]]
        assert codes in (["role_not_allowed"], ["forbidden"]), body
        refused = ROLE_REFUSED if codes == ["role_not_allowed"] else ROLE_HAS_NO_RIGHT
        assert refused in body["detail"]  # in the caller's language: Arabic
        assert self.case(user)["state"] == before

    def move(self, user, to):
        """``user`` clicks the move to ``to`` on the file's page."""
        page = self.open(user)
        assert to in self.case(user)["allowed"], (user, to)
        button = page.locator(f"#move-form button[data-to='{to}']")
        assert "btn-success" in button.get_attribute("class")  # its proof is recorded
        with page.expect_navigation():
            button.click()
        assert self.state(page) == to
        assert MOVED in page.inner_text(".alert-success")
        assert page.locator(f"#case-path li[data-state='{to}'].fw-bold").count() == 1
        return page


def test_a_factory_walks_from_registered_to_exporting_each_move_by_its_role(
    browser, server, tokens, tmp_path
):
    factory_id = planned_registered_factory(server, tokens)
    walk = Walk(browser, server, tokens, factory_id)
    try:
        _walk(walk, server, tokens, factory_id, tmp_path)
    finally:
        walk.close()


def _walk(walk, server, tokens, factory_id, tmp_path):
    # registered: a viewer reads the file but has no move at all, and a forged form is forbidden
    page = walk.open("viewer")
    assert walk.state(page) == "registered"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("#move-form").count() == 0
    with page.expect_navigation() as navigation:
        page.evaluate(FORGE, [f"/cases/{factory_id}/move/", "diagnosed"])
    assert navigation.value.status == 403
    walk.refused_by_api("viewer", "diagnosed")
    shot(walk.open("ministry"), "followup-registered-ar")

    # registered → diagnosed → assessed: the analysts (ministry, then the export authority)
    walk.refused("diagnosed", ["secretary", "member"])
    walk.move("ministry", "diagnosed")
    walk.refused("assessed", ["secretary", "member"])
    walk.move("authority", "assessed")

    # assessed → prioritised: the secretariat
    walk.refused("prioritised", ["ministry", "member"])
    walk.move("secretary", "prioritised")

    # the committee's decision approving the revival, recorded by the secretariat on the register
    assert "approved" not in walk.case("member")["allowed"]  # no decision yet
    page = walk.pages["secretary"]
    page.goto(server + "/decisions/")
    number = f"E2E-{factory_id}"
    page.fill("#d-number", number)
    page.fill("#d-text", "اعتماد إحياء المصنع")  # the factory is linked below, by its id
    page.fill("#d-factories", factory_id)
    page.check("#d-approves")
    with page.expect_navigation():
        page.click("#decision-button")
    assert "سُجِّل القرار" in page.inner_text(".alert-success")  # "The decision is recorded."
    row = page.locator(f"#decision-list tr[data-number='{number}']")
    assert row.count() == 1 and factory_id in row.inner_text()
    shot(page, "followup-decision-ar")

    # prioritised → approved: a committee member
    walk.refused("approved", ["secretary", "ministry"])
    walk.move("member", "approved")

    # approved → in revival: the secretariat (the restart is in the approved plan)
    walk.refused("in_revival", ["member", "ministry"])
    walk.move("secretary", "in_revival")

    # in revival → restarted before any production report: refused, the proof named in Arabic
    page = walk.open("ministry")
    button = page.locator("#move-form button[data-to='restarted']")
    assert "btn-outline-secondary" in button.get_attribute("class")
    with page.expect_navigation():
        button.click()
    assert NO_REPORT in page.inner_text(".alert-danger")
    assert walk.state(page) == "in_revival"
    status, kind, body = api(
        server, tokens["secretary"], "POST", f"/cases/{factory_id}/transitions", {"to": "restarted"}
    )
    assert status == 409 and kind == "application/problem+json"
    assert [i["code"] for i in body["issues"]] == ["production_report"]
    assert body["issues"][0]["reason_ar"] == NO_REPORT and NO_REPORT in body["detail"]
    assert walk.case("secretary")["state"] == "in_revival"

    # the production report of today on the file's page (Arabic-Indic digits), by the secretariat
    page = walk.open("secretary")
    assert page.input_value("#report-date") == dt.date.today().isoformat()
    page.fill("#report-quantity", "١٢٥٠")
    page.fill("#report-unit", "طن")
    with page.expect_navigation():
        page.click("#report-button")
    assert "سُجِّل تقرير الإنتاج" in page.inner_text(".alert-success")
    report = page.inner_text("#case-timeline li[data-kind='production']")
    assert "طن" in report
    assert "".join(str(unicodedata.digit(c)) for c in report.split(":")[-1] if c.isdigit()) == (
        "1250"
    )

    # in revival → restarted: a ministry analyst
    walk.refused("restarted", ["authority", "member"])
    shot(walk.move("ministry", "restarted"), "followup-restarted-ar")

    # restarted → exporting needs an export record of this year: the secretariat imports one
    assert "exporting" not in walk.case("authority")["allowed"]
    exports = tmp_path / "exports.csv"
    exports.write_text(
        f"factory_id,year,hs_code,market,value_usd\n{factory_id},{dt.date.today().year},2523,TUN,"
        "250000\n",
        encoding="utf-8",
    )
    page = walk.pages["secretary"]
    page.goto(server + "/factories/import/")
    page.select_option("#id_entity", "exports")
    page.set_input_files("#id_file", str(exports))
    page.click("#upload")
    page.wait_for_selector("#import-ok", timeout=30000)

    # restarted → exporting: the export authority's analyst
    walk.refused("exporting", ["ministry", "member"])
    page = walk.move("authority", "exporting")
    history = walk.case("viewer")["history"]
    assert [e["by"] for e in history] == [
        "ministry",
        "authority",
        "secretary",
        "member",
        "secretary",
        "ministry",
        "authority",
    ]
    assert [(e["from"], e["to"]) for e in history] == [
        ("registered", "diagnosed"),
        ("diagnosed", "assessed"),
        ("assessed", "prioritised"),
        ("prioritised", "approved"),
        ("approved", "in_revival"),
        ("in_revival", "restarted"),
        ("restarted", "exporting"),
    ]
    # the timeline: newest first
    timeline = page.locator("#case-timeline li[data-kind='move']").all_inner_texts()
    assert len(timeline) == 7
    assert "استأنف الإنتاج → يصدِّر" in timeline[0] and "authority" in timeline[0]
    assert "مسجَّل → مشخَّص" in timeline[-1] and "ministry" in timeline[-1]
    shot(page, "followup-exporting-ar")
