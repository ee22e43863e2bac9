// Draws every chart of a dashboard page from the Plotly figures the page carries as JSON.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  specs.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    if (element) {
      Plotly.newPlot(element, spec.data, spec.layout, spec.config);
    }
  });
})();
