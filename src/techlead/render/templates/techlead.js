/* techlead pages: draw each chart from its JSON block, and make a click on a chart point
   show the evidence behind it (the matching table row, or its drill-down page). */
(function () {
  "use strict";
  function evidenceFor(section, key) {
    var rows = section.querySelectorAll("[data-key]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-key") === key) { return rows[i]; }
    }
    return null;
  }
  function show(section, key) {
    var target = evidenceFor(section, key);
    if (!target) { return; }
    if (target.tagName === "A") { window.location.href = target.getAttribute("href"); return; }
    var details = target.closest("details");
    if (details) { details.open = true; }
    var row = target.closest("tr") || target;
    row.classList.add("hit");
    row.scrollIntoView({ block: "center" });
    window.setTimeout(function () { row.classList.remove("hit"); }, 2500);
  }
  /* A chart point with "filter:VALUE" keeps the rows of its section whose data-filter is
     VALUE (a cell of the risk matrix); clicking it again, or "Show all", shows every row. */
  function filterRows(section, value) {
    var rows = section.querySelectorAll("tr[data-filter]");
    var note = section.querySelector("p.filtered");
    var same = section.getAttribute("data-filtered") === value;
    section.setAttribute("data-filtered", same ? "" : value);
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = !same && rows[i].getAttribute("data-filter") !== value;
    }
    var groups = section.querySelectorAll("tr.group");
    for (var g = 0; g < groups.length; g++) { groups[g].hidden = !same; }
    if (note) {
      note.hidden = same;
      var details = note.closest("details");
      if (details && !same) { details.open = true; }
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.show-all") : null;
    if (!button) { return; }
    var section = button.closest("section");
    filterRows(section, section.getAttribute("data-filtered") || "");
  });
  function draw() {
    var blocks = document.querySelectorAll("script.figure");
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var figure = JSON.parse(block.textContent);
      var holder = document.getElementById(block.getAttribute("data-chart"));
      if (!holder || typeof Plotly === "undefined") { continue; }
      Plotly.newPlot(holder, figure.data, figure.layout,
                     { responsive: true, displaylogo: false });
      holder.setAttribute("data-rendered", "true");
      (function (holder) {
        holder.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point && point.customdata !== undefined) {
            var key = String(point.customdata);
            if (key.indexOf("filter:") === 0) {
              filterRows(holder.closest("section"), key.slice(7));
            } else {
              show(holder.closest("section"), key);
            }
          }
        });
      })(holder);
    }
  }
  /* A link to "#id" of a folded block (an ADR's text in the report) unfolds it. */
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) { all[i].open = true; }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(); openTarget(); });
  } else {
    draw();
    openTarget();
  }
})();
