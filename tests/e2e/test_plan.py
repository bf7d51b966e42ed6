"""The executive plan in real Chromium: the demo's approved baseline with its Gantt chart —
time running right to left in Arabic and left to right in English — critical path, milestones
and quarterly targets (screenshots kept as artifacts)."""

from tests.e2e.conftest import login, shot

# where the chart draws the plan's first and last days, and what it was told
GEOMETRY = """() => {
  const el = document.getElementById("gantt-chart");
  const chart = echarts.getInstanceByDom(el);
  const data = JSON.parse(document.getElementById("gantt-data").textContent);
  const time = (iso) => new Date(iso + "T00:00:00Z").getTime();
  const first = Math.min(...data.rows.map((r) => time(r.start)));
  const last = Math.max(...data.rows.map((r) => time(r.end)));
  const option = chart.getOption();
  const extent = chart.getModel().getComponent("xAxis", 0).axis.scale.getExtent();
  return {
    before: (first - extent[0]) / 86400000,
    after: (extent[1] - last) / 86400000,
    first: chart.convertToPixel({ xAxisIndex: 0 }, first),
    last: chart.convertToPixel({ xAxisIndex: 0 }, last),
    inverse: option.xAxis[0].inverse,
    labels: option.yAxis[0].position,
    rows: data.rows.length,
    critical: data.rows.filter((r) => r.critical).length,
    links: data.links.length,
  };
}"""


def test_the_baseline_plan_shows_its_gantt_chart_in_both_directions(page, server):
    login(page, server, "viewer")
    page.click("#nav-plans")
    page.wait_for_load_state()
    assert page.locator("#plan-list tbody tr").count() >= 1
    page.locator("#plan-list a", has_text="متوازن (تجريبي)").first.click()
    page.wait_for_selector("#gantt-chart[data-ready='1'] canvas", timeout=15000)
    page.wait_for_selector("#targets-chart[data-ready='1'] canvas", timeout=15000)
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("#gantt-chart", "data-direction") == "rtl"
    rtl = page.evaluate(GEOMETRY)
    # Arabic: the plan starts on the right and runs leftwards; the rows' names on the right
    assert rtl["inverse"] is True and rtl["labels"] == "right"
    assert rtl["first"] > rtl["last"]
    assert 0 <= rtl["before"] <= 31 and 0 <= rtl["after"] <= 31  # the axis spans the plan
    assert rtl["rows"] > 50 and rtl["critical"] > 0 and rtl["links"] > 0
    assert page.inner_text("#plan-state").strip() == "الخطة المرجعية المعتمدة"
    assert page.locator("#milestones-table tbody tr").count() > 0
    assert page.locator("#approve-button").count() == 0  # a viewer reads only
    shot(page, "plan-gantt-ar")
    page.click("#switch-language")
    page.wait_for_selector("#gantt-chart[data-ready='1'] canvas", timeout=15000)
    assert page.get_attribute("#gantt-chart", "data-direction") == "ltr"
    ltr = page.evaluate(GEOMETRY)
    assert ltr["inverse"] is False and ltr["labels"] == "left"
    assert ltr["first"] < ltr["last"]
    assert "Gantt chart" in page.content()
    shot(page, "plan-gantt-en")
    page.goto(page.url.split("?")[0] + "?group=factory")
    page.wait_for_selector("#gantt-chart[data-ready='1'] canvas", timeout=15000)
    assert 0 <= page.evaluate(GEOMETRY)["before"] <= 31
    shot(page, "plan-gantt-by-factory-en")
    page.click("#switch-language")
    page.wait_for_load_state()
