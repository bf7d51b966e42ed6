/* Ihya portfolio charts (Apache ECharts, served locally): spend per year against the budget,
   the budget curve beside the greedy baseline, and the jobs–exports frontier; axes mirrored in
   RTL. Charts folded in <details> are drawn again when opened. */
(function () {
  "use strict";
  function draw() {
    const d = window.ihyaCharts.data("portfolio-data");
    if (!d || !d.years) return;
    const rtl = window.ihyaCharts.rtl();
    const font = window.ihyaCharts.font();
    const { compact, grid, xTitle, yTitle } = window.ihyaCharts;
    const spend = window.ihyaCharts.chart("spend-chart");
    if (spend) {
      const el = document.getElementById("spend-chart");
      spend.setOption({
        textStyle: font, legend: { top: 0 }, tooltip: { trigger: "axis" },
        grid: grid({ left: 20, right: 20 }),
        xAxis: { type: "category", inverse: rtl, ...xTitle(el.dataset.year), data: d.years.map(String) },
        yAxis: { type: "value", position: rtl ? "right" : "left", axisLabel: { formatter: compact } },
        series: [
          { name: el.dataset.spend, type: "bar", data: d.spend, itemStyle: { color: "#198754" } },
          { name: el.dataset.budget, type: "line", data: d.budgets, itemStyle: { color: "#dc3545" } },
        ],
      });
    }
    const curve = window.ihyaCharts.chart("curve-chart");
    if (curve) {
      const el = document.getElementById("curve-chart");
      curve.setOption({
        textStyle: font, legend: { top: 0 }, tooltip: { trigger: "axis" },
        grid: grid(),
        xAxis: { type: "value", inverse: rtl, ...xTitle(el.dataset.x), scale: true, axisLabel: { formatter: compact, hideOverlap: true } },
        yAxis: { type: "value", position: rtl ? "right" : "left", ...yTitle(el.dataset.y), scale: true, axisLabel: { formatter: compact } },
        series: [
          { name: el.dataset.optimum, type: "line", data: d.curve.map((p) => [p.budget, p.objective]) },
          { name: el.dataset.greedy, type: "line", lineStyle: { type: "dashed" }, data: d.curve.map((p) => [p.budget, p.greedy]) },
        ],
      });
    }
    const chosen = window.ihyaCharts.chart("selected-chart");
    if (chosen) {
      const el = document.getElementById("selected-chart");
      const rows = d.selected.slice().reverse();
      chosen.setOption({
        textStyle: font, tooltip: { trigger: "axis" },
        grid: grid({ left: 20, right: 20, top: 10 }),
        xAxis: { type: "value", inverse: rtl, ...xTitle(el.dataset.jobs), axisLabel: { formatter: compact } },
        yAxis: { type: "category", position: rtl ? "right" : "left", data: rows.map((r) => r.name) },
        series: [{ name: el.dataset.jobs, type: "bar", data: rows.map((r) => r.jobs), itemStyle: { color: "#198754" } }],
      });
    }
    const frontier = window.ihyaCharts.chart("frontier-chart");
    if (frontier) {
      const el = document.getElementById("frontier-chart");
      const pts = d.frontier.filter((p) => p.jobs !== null && !p.dominated);
      frontier.setOption({
        textStyle: font, tooltip: { trigger: "item" },
        grid: grid({ top: 20 }),
        xAxis: { type: "value", inverse: rtl, ...xTitle(el.dataset.x), scale: true, axisLabel: { formatter: compact, hideOverlap: true } },
        yAxis: { type: "value", position: rtl ? "right" : "left", ...yTitle(el.dataset.y), scale: true, axisLabel: { formatter: compact } },
        series: [{ type: "line", symbolSize: 9, data: pts.map((p) => [p.jobs, p.exports]) }],
      });
    }
  }
  document.addEventListener("DOMContentLoaded", () => {
    draw();
    /* a chart folded in a closed <details> has no size: drawn again when it is opened */
    document.querySelectorAll("details").forEach((d) =>
      d.addEventListener("toggle", () => { if (d.open && d.querySelector(".chart")) draw(); })
    );
  });
})();
