// Draws every chart on the page: each .chart[data-figure] names the json_script element
// that holds its plotly figure. No inline scripts, so the CSP can forbid them.
(function () {
  "use strict";

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
      toImageButtonOptions: { format: "png", filename: element.id, scale: 2 },
    };
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.classList.add("chart--drawn");
    });
  }

  function init() {
    document.querySelectorAll(".chart[data-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
