/* The KPI dashboard: per indicator, the plan's target (line) against the actual (bars) by
   quarter; the quarters run right to left in Arabic. */
(function () {
  "use strict";
  function draw() {
    const data = window.ihyaCharts.data("kpi-data");
    const labels = document.getElementById("kpi-chart-labels");
    if (!data || !labels) return;
    const rtl = window.ihyaCharts.rtl();
    const { compact } = window.ihyaCharts;
    document.querySelectorAll(".kpi-chart").forEach((el) => {
      const d = data[el.dataset.indicator];
      if (!d || !d.quarters.length) return;
      const chart = window.ihyaCharts.chart(el.id);
      if (!chart) return;
      chart.setOption({
        textStyle: window.ihyaCharts.font(),
        legend: { top: 0 },
        tooltip: { trigger: "axis" },
        grid: window.ihyaCharts.grid({ left: 20, right: 20, top: 30, bottom: 20 }),
        xAxis: { type: "category", inverse: rtl, data: d.quarters },
        yAxis: { type: "value", position: rtl ? "right" : "left", axisLabel: { formatter: compact } },
        series: [
          { name: labels.dataset.actual, type: "bar", data: d.actual, itemStyle: { color: "#198754" } },
          { name: labels.dataset.target, type: "line", data: d.target, itemStyle: { color: "#6c757d" }, lineStyle: { type: "dashed" } },
        ],
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
