/* Ihya linkage charts (Apache ECharts, served locally); axes mirrored in right-to-left pages. */
(function () {
  "use strict";
  const { data, chart, escape } = window.ihyaCharts;
  const rtl = window.ihyaCharts.rtl();
  const font = window.ihyaCharts.font();
  const colours = { key: "#198754", backward: "#0d6efd", forward: "#fd7e14", weak: "#adb5bd" };


  function quadrant() {
    const rows = data("quadrant-data");
    const c = chart("quadrant-chart");
    if (!rows || !c) return;
    const el = document.getElementById("quadrant-chart");
    c.setOption({
      textStyle: font,
      grid: { left: 50, right: 50, top: 20, bottom: 45 },
      tooltip: { formatter: (p) => `${escape(p.data.name)}<br>${escape(el.dataset.backward)} ${p.data.value[0].toFixed(2)}<br>${escape(el.dataset.forward)} ${p.data.value[1].toFixed(2)}` },
      xAxis: { type: "value", scale: true, inverse: rtl, name: el.dataset.backward, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "value", scale: true, position: rtl ? "right" : "left", name: el.dataset.forward, nameLocation: "middle", nameGap: 35 },
      series: [{
        type: "scatter",
        data: rows.map((r) => ({ name: `${r.code} ${r.name}`, value: [r.backward, r.forward], itemStyle: { color: colours[r.class] } })),
        symbolSize: 11,
        label: { show: true, formatter: (p) => p.data.name.split(" ")[0], position: "top", fontSize: 10 },
        markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#6c757d" }, data: [{ xAxis: 1 }, { yAxis: 1 }] },
      }],
    });
  }

  function flows() {
    const d = data("flows-data");
    const c = chart("flows-chart");
    if (!d || !c) return;
    const max = Math.max(...d.links.map((l) => l.value), 1);
    c.setOption({
      textStyle: font,
      tooltip: { formatter: (p) => p.dataType === "edge" ? `${escape(p.data.source)} → ${escape(p.data.target)}: ${Math.round(p.data.value)}` : escape(p.data.name) },
      series: [{
        type: "graph", layout: "circular", circular: { rotateLabel: true }, roam: true,
        data: d.nodes.map((n) => ({ id: n.code, name: `${n.code} ${n.name}`, symbolSize: 10 })),
        links: d.links.map((l) => ({ source: l.source, target: l.target, value: l.value, lineStyle: { width: 0.5 + 5 * l.value / max } })),
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
        label: { show: true, formatter: (p) => p.data.id, fontSize: 10 },
        lineStyle: { color: "source", curveness: 0.2, opacity: 0.7 },
        emphasis: { focus: "adjacency" },
      }],
    });
  }

  document.addEventListener("DOMContentLoaded", () => { quadrant(); flows(); });
})();
