// Draws the charts of a dashboard page from the Plotly figures the page carries as JSON.
// Each chart is drawn as it comes near the screen, so a page of hundreds opens at once;
// printing draws them all first.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  var byId = {};
  specs.forEach(function (spec) { byId[spec.id] = spec; });
  var elements = specs.map(function (spec) { return document.getElementById(spec.id); }).filter(Boolean);

  function draw(element) {
    if (element.dataset.drawn) { return; }
    element.dataset.drawn = "true";
    var spec = byId[element.id];
    Plotly.newPlot(element, spec.data, spec.layout, spec.config);
  }

  window.addEventListener("beforeprint", function () { elements.forEach(draw); });
  if (!("IntersectionObserver" in window)) {
    elements.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "800px 0px" });
  elements.forEach(function (element) { observer.observe(element); });
})();
