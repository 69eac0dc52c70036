// Widgets on a static page: show the saved controls only when the reader asks.
// The ipywidgets HTML manager weighs about 1.1 MB compressed, more than the whole page budget
// for learners on slow connections, so the page first shows the notice the build put under every
// widget, and this script adds a button that loads the manager from this site (never a CDN).
(function () {
  "use strict";
  const here = document.currentScript;
  const vendor = new URL("ogp-vendor/", here.src).href;
  let loading = null;

  function load(src, attributes) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      Object.entries(attributes || {}).forEach(function ([name, value]) {
        script.setAttribute(name, value);
      });
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("could not load " + src));
      };
      script.src = src;
      document.head.appendChild(script);
    });
  }

  function loadManager() {
    if (loading === null) {
      // The AMD bundle renders every widget view in the page as soon as it has loaded.
      loading = load(vendor + "require.js").then(function () {
        // The bundle finds its icon fonts beside its modules' URLs, which require.js derives
        // from their names: "@jupyter-widgets/..." must resolve to where the fonts are.
        window.require.config({ paths: { "@jupyter-widgets": vendor + "html-manager" } });
        return load(vendor + "html-manager/embed-amd.js", {
          "data-jupyter-widgets-cdn": vendor,
          "data-jupyter-widgets-cdn-only": "",
        });
      });
    }
    return loading;
  }

  // The manager's sliders have no accessible name and its scrolling output areas cannot be
  // reached by keyboard (axe: aria-input-field-name, scrollable-region-focusable).
  function mendControls() {
    document.querySelectorAll('.jupyter-widgets [role="slider"]:not([aria-label])')
      .forEach(function (handle) {
        const widget = handle.closest(".widget-slider, .jupyter-widgets");
        const label = widget && widget.querySelector(".widget-label");
        const name = label ? label.textContent.trim() : "";
        handle.setAttribute("aria-label", name || "Value");
      });
    document.querySelectorAll(".jupyter-widgets .jp-OutputArea-output, " +
      ".jupyter-widgets .jp-RenderedHTMLCommon").forEach(function (area) {
      const scrolls = area.scrollHeight > area.clientHeight || area.scrollWidth > area.clientWidth;
      if (scrolls && !area.hasAttribute("tabindex")) {
        area.setAttribute("tabindex", "0");
        area.setAttribute("role", "region");
        area.setAttribute("aria-label", "Output of the control");
      }
    });
  }

  function watchControls() {
    let pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        requestAnimationFrame(function () {
          pending = false;
          mendControls();
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
    mendControls();
  }

  function addButton(notice) {
    // The page's language: the notice carries the words (ogp_curriculum.site.pages).
    const words = notice.dataset;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ogp-show-widgets";
    button.textContent = words.show || "Show the saved controls (about 1.2 MB to download)";
    const status = document.createElement("p");
    status.className = "ogp-widget-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      document.querySelectorAll(".ogp-show-widgets").forEach(function (each) {
        each.disabled = true;
      });
      status.textContent = words.loading || "Loading the saved controls…";
      loadManager().then(
        function () {
          watchControls();
          document.documentElement.classList.add("ogp-widgets-shown");
          status.textContent = words.shown || "The saved controls are shown above. " +
            "They do not run Python: launch the notebook to use them.";
        },
        function (error) {
          const failed = words.failed || "The controls could not be loaded ({error}).";
          status.textContent = failed.replace("{error}", error.message);
        },
      );
    });
    notice.append(button, status);
  }

  function start() {
    document.querySelectorAll(".ogp-widget-notice").forEach(addButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
