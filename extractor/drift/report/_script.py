"""The inline script of drift.html: client-side filters, search and counts.

No network and no library: the page stays one self-contained file. Every
finding card carries ``data-level``, ``data-rule``, ``data-sets``,
``data-folders`` and ``data-endpoint``; the controls (level checkboxes,
rule / version set / folder / endpoint selects, a search box) hide the
cards that do not match, and every element with ``data-count-rule``,
``data-count-level`` or ``data-count-all`` shows how many matching cards
there are. The filters are also read from and written to the URL hash
(``#rule=type-mismatch&q=is_success``), so a filtered view can be linked.
Without script every finding is shown.

Not responsible for the markup the script reads (:mod:`.html`).
"""

from __future__ import annotations

__all__ = ["SCRIPT"]

SCRIPT = r"""
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  if (!cards.length) { return; }
  var text = cards.map(function (c) { return c.textContent.toLowerCase(); });
  var byId = function (id) { return document.getElementById(id); };
  var selects = { rule: byId("f-rule"), sets: byId("f-set"), folders: byId("f-folder"), endpoint: byId("f-endpoint") };
  var search = byId("f-search");
  var levels = Array.prototype.slice.call(document.querySelectorAll("input.f-level"));
  function has(card, key, wanted) {
    if (!wanted) { return true; }
    var value = card.getAttribute("data-" + key) || "";
    return key === "rule" || key === "endpoint" ? value === wanted : value.split("\t").indexOf(wanted) >= 0;
  }
  function apply() {
    var shownLevels = {};
    levels.forEach(function (box) { shownLevels[box.value] = box.checked; });
    var query = (search.value || "").trim().toLowerCase();
    var words = query ? query.split(/\s+/) : [];
    var counts = { rule: {}, level: {} }, total = 0;
    cards.forEach(function (card, i) {
      var ok = shownLevels[card.getAttribute("data-level")] !== false;
      for (var key in selects) { if (ok && selects[key]) { ok = has(card, key, selects[key].value); } }
      for (var w = 0; ok && w < words.length; w++) { ok = text[i].indexOf(words[w]) >= 0; }
      card.hidden = !ok;
      if (ok) {
        total += 1;
        var r = card.getAttribute("data-rule"), l = card.getAttribute("data-level");
        counts.rule[r] = (counts.rule[r] || 0) + 1;
        counts.level[l] = (counts.level[l] || 0) + 1;
      }
    });
    document.querySelectorAll("[data-count-rule]").forEach(function (el) {
      el.textContent = counts.rule[el.getAttribute("data-count-rule")] || 0;
    });
    document.querySelectorAll("[data-count-level]").forEach(function (el) {
      el.textContent = counts.level[el.getAttribute("data-count-level")] || 0;
    });
    document.querySelectorAll("[data-count-all]").forEach(function (el) { el.textContent = total; });
    document.querySelectorAll("section.cause").forEach(function (section) {
      section.hidden = !section.querySelector("article.finding:not([hidden])");
    });
    var state = [];
    for (var key in selects) { if (selects[key] && selects[key].value) { state.push(key + "=" + encodeURIComponent(selects[key].value)); } }
    levels.forEach(function (box) { if (!box.checked) { state.push("hide=" + box.value); } });
    if (query) { state.push("q=" + encodeURIComponent(query)); }
    var hash = state.length ? "#" + state.join("&") : "";
    if (history.replaceState && hash !== location.hash && !(hash === "" && location.hash.indexOf("=") < 0)) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  function reset() {
    for (var key in selects) { if (selects[key]) { selects[key].value = ""; } }
    levels.forEach(function (box) { box.checked = true; });
    search.value = "";
  }
  function restore() {
    if (location.hash.indexOf("=") < 0) { return; }
    reset();
    location.hash.slice(1).split("&").forEach(function (part) {
      var eq = part.indexOf("="), key = part.slice(0, eq), value = decodeURIComponent(part.slice(eq + 1));
      if (selects[key]) { selects[key].value = value; }
      if (key === "q") { search.value = value; }
      if (key === "hide") { levels.forEach(function (box) { if (box.value === value) { box.checked = false; } }); }
    });
  }
  for (var key in selects) { if (selects[key]) { selects[key].addEventListener("change", apply); } }
  levels.forEach(function (box) { box.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  byId("f-reset").addEventListener("click", function () { reset(); apply(); });
  window.addEventListener("hashchange", function () {
    if (location.hash.indexOf("=") >= 0) { restore(); apply(); }
  });
  document.querySelectorAll("a[data-filter-rule]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      selects.rule.value = a.getAttribute("data-filter-rule");
      apply();
      byId("findings").scrollIntoView();
    });
  });
  restore();
  apply();
  document.body.classList.add("filtering");
})();
"""
