/* Ihya executive plan (Apache ECharts, served locally): the Gantt chart — one row per task,
   grouped, bars from start to finish (red on the critical path), diamonds for milestones, elbow
   lines from a task to the one waiting for it — running right to left in Arabic (time axis
   inverted, rows' labels on the right); and the quarterly targets. */
(function () {
  "use strict";
  const DAY = 86400000;
  const root = document.documentElement;
  const months = new Intl.DateTimeFormat(root.lang === "ar" ? "ar-LY" : "en", {
    month: "short", year: "numeric", timeZone: "UTC",
    numberingSystem: root.dataset.digits === "arab" ? "arab" : "latn",
  });
  const monthLabel = (value) => months.format(new Date(value));

  function gantt() {
    const d = window.ihyaCharts.data("gantt-data");
    const chart = window.ihyaCharts.chart("gantt-chart");
    if (!d || !chart) return;
    const el = document.getElementById("gantt-chart");
    const rtl = window.ihyaCharts.rtl();
    const rows = d.rows;
    const time = (iso) => new Date(iso + "T00:00:00Z").getTime();
    const labels = rows.map((r) => r.name);
    const start0 = Math.min(...rows.map((r) => time(r.start)));
    const end0 = Math.max(...rows.map((r) => time(r.end)));
    const bars = rows.map((r, k) => ({
      value: [k, time(r.start), time(r.end), r.critical ? 1 : 0, r.milestone ? 1 : 0],
      name: r.name,
    }));
    /* where each group starts: a band of colour behind its rows, its name at its first row */
    const bands = [];
    rows.forEach((r, k) => {
      if (!bands.length || bands[bands.length - 1].name !== r.group) bands.push({ name: r.group, from: k, to: k });
      else bands[bands.length - 1].to = k;
    });
    const links = d.links.map(([a, b, critical]) => ({
      coords: [[time(rows[a].end), a], [time(rows[b].start), a], [time(rows[b].start), b]],
      lineStyle: { color: critical ? "#c0392b" : "#9aa5b1", width: critical ? 1.4 : 0.8, opacity: 0.8 },
    }));
    const shown = Math.min(rows.length, 28);
    chart.setOption({
      textStyle: window.ihyaCharts.font(),
      animation: false,
      tooltip: {
        formatter: (p) => {
          if (p.seriesType !== "custom") return "";
          const r = rows[p.value[0]];
          const esc = window.ihyaCharts.escape;
          const fmt = (iso) => new Intl.DateTimeFormat(document.documentElement.lang, { timeZone: "UTC", dateStyle: "medium" }).format(time(iso));
          let html = `<b>${esc(r.name)}</b><br>${esc(r.group)}<br>${fmt(r.start)}${r.milestone ? "" : " – " + fmt(new Date(time(r.end) - DAY).toISOString().slice(0, 10))}`;
          html += `<br>${esc(el.dataset.float)}: ${r.float ?? ""}`;
          if (r.critical) html += `<br><b style="color:#c0392b">${esc(el.dataset.critical)}</b>`;
          if (r.done !== null && r.done !== undefined) html += `<br>${esc(el.dataset.done)}: ${r.done}%`;
          return html;
        },
      },
      grid: { containLabel: true, left: rtl ? 20 : 10, right: rtl ? 10 : 20, top: 30, bottom: 60 },
      xAxis: {
        type: "time", inverse: rtl, position: "top", splitLine: { show: true, lineStyle: { color: "#eef1f4" } },
        /* the whole plan, whichever rows are in view (the row slider filters the data) */
        min: start0 - 15 * DAY, max: end0 + 15 * DAY,
        /* months in the page's language and digits (ECharts has no Arabic locale of its own) */
        axisLabel: { hideOverlap: true, formatter: (value) => monthLabel(value) },
      },
      yAxis: {
        type: "category", data: labels, inverse: true, position: rtl ? "right" : "left",
        axisLabel: { width: 220, overflow: "truncate", fontSize: 11 }, axisTick: { show: false },
      },
      dataZoom: [
        { type: "slider", yAxisIndex: 0, startValue: 0, endValue: shown - 1, [rtl ? "left" : "right"]: 4, width: 14, showDetail: false, zoomLock: false },
        { type: "inside", yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
        { type: "inside", xAxisIndex: 0, zoomOnMouseWheel: "ctrl", moveOnMouseMove: true },
        { type: "slider", xAxisIndex: 0, bottom: 10, height: 18 },
      ],
      series: [
        {
          type: "custom",
          name: "groups",
          silent: true,
          /* [the plan's first day, first row, last row, band]: the x value keeps the time
             axis on the plan's dates (a bare row number would read as a day in 1970) */
          encode: { x: 0, y: 1 },
          data: bands.map((b, k) => [start0, b.from, b.to, k]),
          renderItem: (params, api) => {
            const top = api.coord([api.value(0), api.value(1)]);
            const bottom = api.coord([api.value(0), api.value(2)]);
            const h = api.size([0, 1])[1];
            const area = params.coordSys;
            const band = bands[api.value(3)];
            return {
              type: "group",
              children: [
                { type: "rect", shape: { x: area.x, y: top[1] - h / 2, width: area.width, height: bottom[1] - top[1] + h }, style: { fill: api.value(3) % 2 ? "#f7f9fb" : "#ffffff" }, z2: 0 },
                { type: "text", style: { text: band.name, x: rtl ? area.x + area.width - 6 : area.x + 6, y: top[1] - h / 2 + 2, align: rtl ? "right" : "left", verticalAlign: "top", fill: "#6c757d", font: "bold 11px sans-serif" }, z2: 1 },
              ],
            };
          },
          clip: true,
          z: 0,
        },
        {
          type: "lines",
          coordinateSystem: "cartesian2d",
          polyline: true,
          silent: true,
          data: links,
          z: 1,
        },
        {
          type: "custom",
          name: "tasks",
          encode: { x: [1, 2], y: 0 },
          data: bars,
          renderItem: (params, api) => {
            const row = api.value(0);
            const a = api.coord([api.value(1), row]);
            const b = api.coord([api.value(2), row]);
            const h = api.size([0, 1])[1] * 0.6;
            const critical = api.value(3) === 1;
            if (api.value(4) === 1) {
              const s = Math.max(6, h * 0.8);
              return { type: "polygon", shape: { points: [[a[0], a[1] - s / 2], [a[0] + s / 2, a[1]], [a[0], a[1] + s / 2], [a[0] - s / 2, a[1]]] }, style: { fill: critical ? "#c0392b" : "#f1c40f", stroke: "#6c5200" } };
            }
            const x = Math.min(a[0], b[0]);
            const w = Math.max(2, Math.abs(b[0] - a[0]));
            const shape = echarts.graphic.clipRectByRect({ x, y: a[1] - h / 2, width: w, height: h }, params.coordSys);
            return shape && { type: "rect", shape, style: { fill: critical ? "#c0392b" : "#2e86c1" } };
          },
          z: 2,
        },
      ],
    });
    el.dataset.rows = String(rows.length);
    el.dataset.direction = rtl ? "rtl" : "ltr";
  }

  function targets() {
    const d = window.ihyaCharts.data("targets-data");
    const chart = window.ihyaCharts.chart("targets-chart");
    if (!d || !chart) return;
    const el = document.getElementById("targets-chart");
    const rtl = window.ihyaCharts.rtl();
    const { compact } = window.ihyaCharts;
    chart.setOption({
      textStyle: window.ihyaCharts.font(),
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      grid: window.ihyaCharts.grid({ left: 20, right: 20 }),
      xAxis: { type: "category", inverse: rtl, data: d.quarters },
      yAxis: [
        { type: "value", position: rtl ? "right" : "left", minInterval: 1 },
        { type: "value", position: rtl ? "left" : "right", axisLabel: { formatter: compact }, splitLine: { show: false } },
      ],
      series: [
        { name: el.dataset.restarted, type: "bar", data: d.restarted, itemStyle: { color: "#198754" } },
        { name: el.dataset.spending, type: "line", yAxisIndex: 1, data: d.spending, itemStyle: { color: "#dc3545" } },
      ],
    });
  }

  function draw() {
    gantt();
    targets();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
