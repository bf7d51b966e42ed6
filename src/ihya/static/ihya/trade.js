/* Ihya trade charts (Apache ECharts, served locally). Mirrors axes in right-to-left pages. */
(function () {
  "use strict";
  const { data, chart, escape } = window.ihyaCharts;
  const rtl = window.ihyaCharts.rtl();
  const lang = document.documentElement.lang || "ar";
  const fmt = new Intl.NumberFormat(lang === "ar" ? "ar-LY-u-nu-latn" : "en-GB", { maximumFractionDigits: 0 });
  const fmt2 = new Intl.NumberFormat(lang === "ar" ? "ar-LY-u-nu-latn" : "en-GB", { maximumFractionDigits: 2 });
  const font = window.ihyaCharts.font();

  function basket() {
    const rows = data("basket-data");
    const c = chart("basket-chart");
    if (!rows || !c) return;
    const el = document.getElementById("basket-chart");
    c.setOption({
      textStyle: font,
      tooltip: {
        formatter: (p) => {
          const d = p.data || {};
          let s = `${escape(p.name)}<br>${fmt.format(p.value)}`;
          if (d.pci !== undefined && d.pci !== null) s += `<br>${escape(el.dataset.labelPci)} ${fmt2.format(d.pci)}`;
          if (d.rca !== undefined && d.rca !== null) s += ` · ${escape(el.dataset.labelRca)} ${fmt2.format(d.rca)}`;
          return s;
        },
      },
      series: [{
        type: "treemap", data: rows, roam: false, nodeClick: false, breadcrumb: { show: false },
        leafDepth: 2, label: { show: true, overflow: "truncate" },
        levels: [{ itemStyle: { borderWidth: 2, gapWidth: 2 } }, { itemStyle: { gapWidth: 1 } }],
      }],
    });
  }

  function markets() {
    const rows = data("markets-data");
    const c = chart("markets-chart");
    if (!rows || !c) return;
    const el = document.getElementById("markets-chart");
    const top = rows.slice(0, 10).reverse();
    c.setOption({
      textStyle: font,
      grid: window.ihyaCharts.grid({ left: 20, right: 20, top: 10 }),
      tooltip: { trigger: "axis", valueFormatter: (v) => fmt.format(v) },
      xAxis: { type: "value", inverse: rtl, ...window.ihyaCharts.xTitle(el.dataset.label),
               axisLabel: { formatter: window.ihyaCharts.compact, hideOverlap: true } },
      yAxis: { type: "category", position: rtl ? "right" : "left", data: top.map((r) => r.name) },
      series: [{ type: "bar", data: top.map((r) => r.untapped), itemStyle: { color: "#198754" } }],
    });
  }

  function space() {
    const d = data("space-data");
    const c = chart("space-chart");
    if (!d || !c) return;
    const el = document.getElementById("space-chart");
    const maxWorld = Math.max(...d.nodes.map((n) => n.world_exports), 1);
    const nodes = d.nodes.map((n) => ({
      id: n.code, name: `${n.code} ${n.name}`,
      x: (rtl ? 1 - n.x : n.x) * 1000, y: n.y * 700,
      symbolSize: (n.mcp ? 7 : 3) + 14 * Math.sqrt(n.world_exports / maxWorld),
      category: n.mcp ? 0 : 1, value: n.pci, z: n.mcp ? 3 : 2,
    }));
    c.setOption({
      textStyle: font,
      legend: { data: [el.dataset.labelExported, el.dataset.labelOther], top: 5 },
      tooltip: { formatter: (p) => p.dataType === "node" ? `${escape(p.data.name)}<br>${escape(el.dataset.labelPci)} ${p.data.value === null ? "—" : fmt2.format(p.data.value)}` : "" },
      series: [{
        type: "graph", layout: "none", roam: true, data: nodes,
        links: d.links.map((l) => ({ source: l.source, target: l.target })),
        categories: [
          { name: el.dataset.labelExported, itemStyle: { color: "#198754" } },
          { name: el.dataset.labelOther, itemStyle: { color: "#adb5bd" } },
        ],
        lineStyle: { color: "#ced4da", width: 0.6, opacity: 0.8 }, emphasis: { focus: "adjacency" },
        label: { show: false },
      }],
    });
  }

  document.addEventListener("DOMContentLoaded", () => { basket(); markets(); space(); });
})();
