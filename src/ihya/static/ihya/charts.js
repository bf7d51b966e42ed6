/* Ihya chart helpers shared by the pages' scripts (Apache ECharts, served locally). */
(function () {
  "use strict";
  window.ihyaCharts = {
    rtl: () => document.documentElement.dir === "rtl",
    font: () => ({ fontFamily: getComputedStyle(document.body).fontFamily }),
    /* 1.2M / ١٫٢ مليون: a compact number in the page's language and the user's digits */
    compact(value) {
      const root = document.documentElement;
      return new Intl.NumberFormat(root.lang === "ar" ? "ar-LY" : "en", {
        notation: "compact",
        maximumFractionDigits: 1,
        numberingSystem: root.dataset.digits === "arab" ? "arab" : "latn",
      }).format(value);
    },
    /* ECharts' containLabel keeps tick labels inside the chart, not axis titles: these leave
       room for both (titles centred along their axis, the vertical one turned) */
    grid(extra) {
      const side = window.ihyaCharts.rtl() ? 70 : 45;  /* Arabic tick labels are wider */
      return Object.assign({ containLabel: true, left: side, right: side, top: 40, bottom: 40 }, extra || {});
    },
    xTitle(name) {
      return { name, nameLocation: "middle", nameGap: 28 };
    },
    yTitle(name) {
      return { name, nameLocation: "middle", nameGap: window.ihyaCharts.rtl() ? 75 : 52, nameRotate: 90 };
    },
    /* text for an ECharts tooltip, which is HTML: names come from uploaded files */
    escape(text) {
      return String(text ?? "").replace(/[&<>"']/g, (c) => ({
        "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
      })[c]);
    },
    /* the JSON a template put in <script id=… type=application/json> */
    data(id) {
      const el = document.getElementById(id);
      return el ? JSON.parse(el.textContent) : null;
    },
    /* a chart in the element (replacing one drawn before), resized with the window; the element
       gets data-ready="1" so that browser tests can wait for it */
    chart(id) {
      const el = document.getElementById(id);
      if (!el || !window.echarts) return null;
      const old = echarts.getInstanceByDom(el);
      if (old) old.dispose();
      const c = echarts.init(el, null, { renderer: "canvas" });
      window.addEventListener("resize", () => c.resize());
      el.dataset.ready = "1";
      return c;
    },
  };
})();
