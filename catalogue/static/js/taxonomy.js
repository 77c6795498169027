/* /admin/taxonomy, enhanced: a filter box over the category tree and expand/collapse-all.
   The tree is nested <details>, so it opens and closes without JavaScript (and by keyboard:
   Enter or Space on a summary). Loaded with `defer`; no inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  var tree = document.getElementById("taxonomy-tree");
  var tools = document.querySelector("[data-tx-tools]");
  if (!tree || !tools) { return; }

  var input = document.getElementById("tx-filter");
  var status = document.getElementById("tx-filter-status");
  var noMatch = document.getElementById("tx-no-match");
  var nodes = Array.prototype.slice.call(tree.querySelectorAll("li.tx-node"));
  var branches = Array.prototype.slice.call(tree.querySelectorAll("details.tx-branch"));
  var openBefore = null; // the branches' open state before filtering, restored when it is cleared

  tools.hidden = false;

  function fold(text) { return text.toLocaleLowerCase().replace(/\s+/g, " ").trim(); }

  function childNodes(li) {
    var list = li.querySelector(":scope > details > ul.tx-tree");
    return list ? Array.prototype.slice.call(list.children) : [];
  }

  /* Show a node if its path matches or a descendant's does; open branches on the way. */
  function mark(li, words) {
    var path = fold(li.getAttribute("data-path") || "");
    var own = words.every(function (word) { return path.indexOf(word) !== -1; });
    var below = false;
    childNodes(li).forEach(function (child) { if (mark(child, words)) { below = true; } });
    li.hidden = !(own || below);
    li.classList.toggle("is-match", own);
    var details = li.querySelector(":scope > details.tx-branch");
    if (details) { details.open = below; }
    return own || below;
  }

  function filter() {
    var query = fold(input.value);
    if (!query) {
      nodes.forEach(function (li) { li.hidden = false; li.classList.remove("is-match"); });
      if (openBefore) { branches.forEach(function (d, i) { d.open = openBefore[i]; }); openBefore = null; }
      tree.classList.remove("is-filtering");
      noMatch.hidden = true;
      status.textContent = "";
      return;
    }
    if (!openBefore) { openBefore = branches.map(function (d) { return d.open; }); }
    var words = query.split(" ");
    Array.prototype.forEach.call(tree.children, function (li) { mark(li, words); });
    var matches = tree.querySelectorAll("li.is-match").length;
    tree.classList.add("is-filtering");
    noMatch.hidden = matches > 0;
    status.textContent = matches === 1 ? "1 category matches." : matches + " categories match.";
  }

  function setAll(open) {
    openBefore = null;
    branches.forEach(function (d) { d.open = open; });
  }

  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) { input.value = ""; filter(); }
  });
  tools.querySelector("[data-tx-expand]").addEventListener("click", function () { setAll(true); });
  tools.querySelector("[data-tx-collapse]").addEventListener("click", function () { setAll(false); });
})();
