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
        return load(vendor + "html-manager/embed-amd.js", {
          "data-jupyter-widgets-cdn": vendor,
          "data-jupyter-widgets-cdn-only": "",
        });
      });
    }
    return loading;
  }

  function addButton(notice) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ogp-show-widgets";
    button.textContent = "Show the saved controls (about 1.2 MB to download)";
    const status = document.createElement("p");
    status.className = "ogp-widget-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      document.querySelectorAll(".ogp-show-widgets").forEach(function (each) {
        each.disabled = true;
      });
      status.textContent = "Loading the saved controls…";
      loadManager().then(
        function () {
          document.documentElement.classList.add("ogp-widgets-shown");
          status.textContent = "The saved controls are shown above. " +
            "They do not run Python: launch the notebook to use them.";
        },
        function (error) {
          status.textContent = "The controls could not be loaded (" + error.message + ").";
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
