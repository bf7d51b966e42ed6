/* Ihya robustness chart (Apache ECharts, served locally): for the first factories, the share of
   weight samples that put them at rank 1, 2–5, 6–10, 11–20 or beyond; mirrored in RTL. Redrawn
   after every HTMX re-rank; the save form follows the sliders. */
(function () {
  "use strict";
  const colours = ["#198754", "#75b798", "#ffc107", "#fd7e14", "#adb5bd"];
  function draw() {
    const rows = window.ihyaCharts.data("robustness-data");
    const c = rows && window.ihyaCharts.chart("robustness-chart");
    if (!c) return;
    const el = document.getElementById("robustness-chart");
    const labels = JSON.parse(el.dataset.labels);
    const rtl = window.ihyaCharts.rtl();
    const names = rows.map((r) => r.name).reverse();
    c.setOption({
      textStyle: window.ihyaCharts.font(),
      legend: { top: 0 },
      grid: { containLabel: true, left: 10, right: 10, top: 30, bottom: 10 },
      tooltip: { trigger: "axis", valueFormatter: (v) => `${Math.round(v * 100)} %` },
      xAxis: { type: "value", max: 1, inverse: rtl, name: el.dataset.title, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
      yAxis: { type: "category", position: rtl ? "right" : "left", data: names },
      series: labels.map((label, k) => ({
        name: label, type: "bar", stack: "ranks", itemStyle: { color: colours[k] },
        data: rows.map((r) => r.buckets[k]).reverse(),
      })),
    });
  }
  // the "save these weights" form follows the sliders (no inline script: the CSP forbids it)
  document.addEventListener("input", (ev) => {
    const t = ev.target;
    if (!t.matches("#weights-form input[type=range], #weights-form select[name=method]")) return;
    const target = document.querySelector(`#save-scenario [name="${t.name}"]`);
    if (target) target.value = t.value;
  });
  window.ihyaRobustness = draw;
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
