// Draws the Font Awesome icons the book uses as inline SVG, from a table the build fills in
// (ogp_curriculum/site/icons.py), instead of the theme's script with every icon.
(function () {
  "use strict";
  const icons = /*ICONS*/{};
  const packs = { "fa-solid": "fas", fas: "fas", "fa-regular": "far", far: "far",
    "fa-brands": "fab", fab: "fab" };

  function svgFor(element) {
    let pack = "fas";
    element.classList.forEach(function (name) {
      if (packs[name]) pack = packs[name];
    });
    for (const name of element.classList) {
      const icon = icons[pack + ":" + name.slice(3)];
      if (name.startsWith("fa-") && icon) {
        const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        for (const attribute of element.attributes) svg.setAttribute(attribute.name, attribute.value);
        svg.classList.add("svg-inline--fa");
        svg.setAttribute("viewBox", "0 0 " + icon[0] + " " + icon[1]);
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
        const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
        path.setAttribute("fill", "currentColor");
        path.setAttribute("d", icon[2]);
        svg.appendChild(path);
        return svg;
      }
    }
    return null;
  }

  function draw() {
    const icon = ":is(i, span):is(.fa-solid, .fa-regular, .fa-brands, .fas, .far, .fab)";
    document.querySelectorAll(icon).forEach(function (element) {
      const svg = svgFor(element);
      if (svg) element.replaceWith(svg);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
