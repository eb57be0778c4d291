// isingact report script: sortable and filterable tables. No network, no external code; the
// pages are complete without it (the tables are plain HTML).
(function () {
  "use strict";
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.data"));

  // key is a cell's sort key: its data-sort number, or its text.
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell) { return { num: false, text: "" }; }
    var s = cell.getAttribute("data-sort");
    if (s !== null && s !== "") { return { num: true, value: parseFloat(s) }; }
    return { num: false, text: cell.textContent.trim() };
  }

  // compare orders two keys of the same kind: numbers by value, text alphabetically.
  function compare(a, b) {
    if (a.num) { return a.value - b.value; }
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  function sortBy(table, col, th) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = key(r1, col), b = key(r2, col);
      if (a.num !== b.num) { return a.num ? -1 : 1; } // text ("—", "baseline", "~") after the numbers, either way
      var c = compare(a, b);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  tables.forEach(function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.title = "sort by " + th.textContent.trim();
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, col, th); });
    });
  });

  var controls = document.getElementById("controls");
  if (!controls) { return; }
  controls.hidden = false;
  var filter = document.getElementById("filter");
  var derived = document.getElementById("derived");
  var shown = document.getElementById("shown");

  function apply() {
    var q = filter.value.trim().toLowerCase();
    var only = derived.checked;
    var total = 0, visible = 0;
    document.querySelectorAll("table.filterable").forEach(function (table) {
      var left = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var ok = (!only || r.getAttribute("data-kind") === "derived") &&
          (q === "" || r.textContent.toLowerCase().indexOf(q) >= 0);
        r.hidden = !ok;
        total++;
        if (ok) { visible++; left++; }
      });
      var sec = table.closest("section.tbl");
      if (sec) { sec.hidden = left === 0; }
    });
    shown.textContent = visible + " of " + total + " rows shown";
  }
  filter.addEventListener("input", apply);
  derived.addEventListener("change", apply);
  apply();
})();
