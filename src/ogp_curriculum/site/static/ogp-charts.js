// The book draws each chart as wide as its column (Vega-Lite's "container" width), and Vega
// measures the column again only on a window resize. The column can change width without one:
// the theme's dark mode pads outputs, a sidebar folds away. The chart would then be scaled
// down with its 10 px labels, so when the box around a chart changes width, tell the charts.
(function () {
  "use strict";
  if (!("ResizeObserver" in window)) return;
  const widths = new WeakMap();
  let queued = false;

  const observer = new ResizeObserver(function (entries) {
    let changed = false;
    for (const entry of entries) {
      const width = Math.round(entry.contentRect.width);
      // The first report of each box is its starting width, not a change.
      if (widths.has(entry.target) && widths.get(entry.target) !== width) changed = true;
      widths.set(entry.target, width);
    }
    if (changed && !queued) {
      queued = true;  // one resize per frame, however many boxes changed
      requestAnimationFrame(function () {
        queued = false;
        window.dispatchEvent(new Event("resize"));
      });
    }
  });

  function watch() {
    document.querySelectorAll('div[id^="altair-viz-"]').forEach(function (chart) {
      if (chart.parentElement) observer.observe(chart.parentElement);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
