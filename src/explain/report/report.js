"use strict";
(function () {
  var roster = document.getElementById("roster");
  if (!roster) return;
  var people = Array.prototype.slice.call(roster.tBodies);
  var shown = document.getElementById("shown");
  var search = document.getElementById("search");
  function count() {
    var n = people.filter(function (p) { return !p.classList.contains("filtered"); }).length;
    shown.textContent = n + " / " + people.length;
  }
  function toggle(row) {
    var detail = row.nextElementSibling;
    var open = row.getAttribute("aria-expanded") !== "true";
    row.setAttribute("aria-expanded", open ? "true" : "false");
    detail.hidden = !open;
  }
  roster.addEventListener("click", function (e) {
    var row = e.target.closest("tr.row");
    if (row) toggle(row);
  });
  roster.addEventListener("keydown", function (e) {
    var row = e.target.closest("tr.row");
    if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); toggle(row); }
  });
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    people.forEach(function (p) {
      var text = p.rows[0].textContent.toLowerCase();
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      p.classList.toggle("filtered", !hit);
    });
    count();
  });
  // The column each sortable header stands over, counting the cells of a person's row.
  var heads = roster.tHead.rows;
  var sortable = [];
  var top = heads[0].cells, sub = heads[1] ? heads[1].cells : [];
  var col = 0, s = 0;
  for (var i = 0; i < top.length; i++) {
    if (top[i].rowSpan === 2) { sortable.push([top[i], col]); col += 1; continue; }
    for (var k = 0; k < top[i].colSpan; k++) { sortable.push([sub[s], col]); s += 1; col += 1; }
  }
  var collator = new Intl.Collator(document.documentElement.lang || "zh-CN", { numeric: true });
  function key(p, c) {
    var cell = p.rows[0].cells[c];
    return cell.hasAttribute("data-sort") ? parseFloat(cell.getAttribute("data-sort")) : cell.textContent;
  }
  sortable.forEach(function (pair) {
    var th = pair[0], c = pair[1];
    if (!th) return;
    th.tabIndex = 0;
    function sort() {
      var up = th.getAttribute("aria-sort") !== "ascending";
      sortable.forEach(function (o) { if (o[0]) o[0].removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var sign = up ? 1 : -1;
      people.sort(function (a, b) {
        var x = key(a, c), y = key(b, c);
        if (x === "" && y !== "") return 1;
        if (y === "" && x !== "") return -1;
        var d = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
        return sign * d;
      });
      people.forEach(function (p) { roster.appendChild(p); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
  count();
})();
