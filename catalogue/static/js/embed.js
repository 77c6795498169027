// The embeddable case-study search (documented on /embed). An organisation's page includes
//   <div id="catalogue-search"></div>
//   <script src="https://CATALOGUE/static/js/embed.js" data-catalogue-config="https://CATALOGUE/embed/config.json" defer></script>
// This script loads InstantSearch and the Meilisearch adapter from the same site as itself,
// fetches the config (public Meilisearch URL, index, search-only key) and mounts a search box,
// a category menu, award / year / outcome filters and hits linking to the case-study pages.
// No inline script or style anywhere, so it runs under a strict Content-Security-Policy.
// Options on the script element: data-catalogue-target (the container's id) and
// data-catalogue-heading-level (2-6, the level of the widget's headings; default 2).
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var scriptUrl = new URL(script.src, document.baseURI);
  var configUrl = new URL(script.getAttribute("data-catalogue-config") || "../../embed/config.json", scriptUrl);
  var targetId = script.getAttribute("data-catalogue-target") || "catalogue-search";
  var headingLevel = Math.min(6, Math.max(2, parseInt(script.getAttribute("data-catalogue-heading-level"), 10) || 2));
  var instance = "catalogue-search-" + Math.random().toString(36).slice(2, 8);
  var CATEGORY_LEVELS = 8;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function heading(text, id) {
    return el("h" + headingLevel, { class: "ce-heading", id: id }, [text]);
  }

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var tag = el("script", { src: new URL(path, scriptUrl).href });
      tag.addEventListener("load", resolve);
      tag.addEventListener("error", function () {
        reject(new Error("could not load " + tag.src));
      });
      document.head.append(tag);
    });
  }

  function loadStyle(path) {
    var href = new URL(path, scriptUrl).href;
    if (!document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) {
      document.head.append(el("link", { rel: "stylesheet", href: href }));
    }
  }

  function loadLibraries() {
    var libraries = [];
    if (!window.instantsearch) {
      libraries.push(loadScript("../vendor/instantsearch/instantsearch.production.min.js"));
    }
    if (!window.instantMeiliSearch) {
      var client = window.meilisearch ? Promise.resolve() : loadScript("../vendor/meilisearch/meilisearch.umd.min.js");
      libraries.push(client.then(function () {
        return loadScript("../vendor/instant-meilisearch/instant-meilisearch.umd.min.js");
      }));
    }
    return Promise.all(libraries);
  }

  function fetchConfig() {
    return fetch(configUrl.href, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (body) {
          if (!response.ok) {
            throw new Error(body.error || "the search settings could not be loaded (HTTP " + response.status + ")");
          }
          return body;
        });
      });
  }

  function showProblem(container, message) {
    container.replaceChildren(el("p", { class: "ce-problem", role: "alert" }, [
      "The case-study search could not be loaded: " + message,
    ]));
  }

  // The widget's own markup: regions for each InstantSearch widget.
  function layout(container) {
    var parts = {
      searchBox: el("div", { class: "ce-searchbox" }),
      // the stats widget announces changes itself (a debounced live region)
      stats: el("div", { class: "ce-stats" }),
      current: el("div", { class: "ce-current" }),
      categories: el("div", { class: "ce-facet-body" }),
      award: el("div", { class: "ce-facet-body" }),
      cycle: el("div", { class: "ce-facet-body" }),
      status: el("div", { class: "ce-facet-body" }),
      clear: el("div", { class: "ce-clear" }),
      hits: el("div", { class: "ce-hits" }),
      pagination: el("div", { class: "ce-pagination" }),
      problem: el("div", { class: "ce-search-problem", role: "alert" }),
    };
    function facet(key, title) {
      var id = instance + "-" + key;
      return el("section", { class: "ce-facet", "aria-labelledby": id }, [heading(title, id), parts[key]]);
    }
    var filters = el("details", { class: "ce-filters" }, [
      el("summary", {}, ["Filter results"]),
      facet("categories", "Category"), facet("award", "Award"), facet("cycle", "Year"),
      facet("status", "Outcome"), parts.clear,
    ]);
    // filters start open where there is room beside the results
    filters.open = window.matchMedia("(min-width: 48rem)").matches;
    var resultsTitle = instance + "-results";
    container.replaceChildren(el("div", { class: "catalogue-embed" }, [
      el("div", { class: "ce-top" }, [parts.searchBox, parts.stats, parts.current]),
      parts.problem,
      el("div", { class: "ce-layout" }, [
        filters,
        el("section", { class: "ce-results", "aria-labelledby": resultsTitle }, [
          el("h" + headingLevel, { class: "ce-heading visually-hidden", id: resultsTitle }, ["Results"]),
          parts.hits, parts.pagination,
        ]),
      ]),
    ]));
    return parts;
  }

  // A search box with a visible label (the stock widget only has an aria-label).
  function labelledSearchBox(container) {
    var inputId = instance + "-q";
    var input = el("input", {
      id: inputId, type: "search", class: "ce-input", autocomplete: "off", spellcheck: "false",
      maxlength: "500", placeholder: "e.g. peer support",
    });
    container.replaceChildren(
      el("form", { class: "ce-form", role: "search" }, [
        el("label", { for: inputId, class: "ce-label" }, ["Search case studies"]),
        el("div", { class: "ce-row" }, [input, el("button", { type: "submit", class: "ce-button" }, ["Search"])]),
      ])
    );
    return instantsearch.connectors.connectSearchBox(function (state, isFirstRender) {
      if (isFirstRender) {
        input.addEventListener("input", function () {
          state.refine(input.value);
        });
        input.form.addEventListener("submit", function (event) {
          event.preventDefault();
          state.refine(input.value);
        });
      }
      if (document.activeElement !== input && input.value !== state.query) {
        input.value = state.query;
      }
    })({});
  }

  function caseStudyUrl(config, slug) {
    return new URL(config.case_study_url.replace("{slug}", encodeURIComponent(slug)), configUrl).href;
  }

  function mount(container, config) {
    var parts = layout(container);
    var labels = config.status_labels || {};
    var hitHeading = "h" + Math.min(6, headingLevel + 1);
    var widgets = instantsearch.widgets;
    var levels = [];
    for (var level = 0; level < CATEGORY_LEVELS; level += 1) {
      levels.push("categories.lvl" + level);
    }
    var adapter = instantMeiliSearch(config.meilisearch_url, config.search_key, {
      placeholderSearch: true,
      finitePagination: true,
      meiliSearchParams: { matchingStrategy: "all" },
    });
    var search = instantsearch({ indexName: config.index_uid, searchClient: adapter.searchClient });
    function countText(count) {
      return count + (count === 1 ? " case study" : " case studies");
    }
    function count(n) {
      return n === 1 ? "case study" : "case studies";
    }
    search.on("error", function () {
      parts.problem.replaceChildren(el("p", { class: "ce-problem" }, ["Search is not answering right now. Please try again in a moment."]));
    });
    search.on("render", function () {
      if (search.status !== "error") {
        parts.problem.replaceChildren();
      }
    });
    search.addWidgets([
      widgets.configure({ hitsPerPage: 10, attributesToSnippet: ["summary:40"] }),
      labelledSearchBox(parts.searchBox),
      widgets.stats({
        container: parts.stats,
        templates: {
          text: function (data) {
            if (data.hasNoResults) {
              return "No case studies found.";
            }
            return countText(data.nbHits) + " found.";
          },
        },
      }),
      widgets.currentRefinements({
        container: parts.current,
        transformItems: function (items) {
          return items.map(function (item) {
            var label = item.attribute.indexOf("categories.") === 0 ? "Category" : item.label;
            return Object.assign({}, item, {
              label: { award: "Award", cycle: "Year", status: "Outcome" }[item.attribute] || label,
              refinements: item.refinements.map(function (refinement) {
                return Object.assign({}, refinement, { label: labels[refinement.value] || refinement.label });
              }),
            });
          });
        },
      }),
      widgets.hierarchicalMenu({
        container: parts.categories,
        attributes: levels,
        separator: " > ",
        sortBy: ["name:asc"],
        limit: 20,
        showMore: true,
        showMoreLimit: 200,
        templates: {
          item: function (item, tools) {
            return tools.html`<a class="ce-facet-link${item.isRefined ? " is-selected" : ""}" href=${item.url} aria-current=${item.isRefined ? "true" : undefined}><span class="ce-name">${item.label}</span><span class="ce-count">${item.count}<span class="visually-hidden"> ${count(item.count)}</span></span></a>`;
          },
        },
      }),
      widgets.refinementList({
        container: parts.award, attribute: "award", sortBy: ["name:asc"], limit: 10, showMore: true, showMoreLimit: 200,
      }),
      widgets.refinementList({ container: parts.cycle, attribute: "cycle", sortBy: ["name:desc"], limit: 20 }),
      widgets.refinementList({
        container: parts.status,
        attribute: "status",
        sortBy: ["count:desc", "name:asc"],
        transformItems: function (items) {
          return items.map(function (item) {
            return Object.assign({}, item, { label: labels[item.value] || item.label, highlighted: labels[item.value] || item.highlighted });
          });
        },
      }),
      widgets.clearRefinements({
        container: parts.clear,
        includedAttributes: levels.concat(["award", "cycle", "status"]),
        templates: {
          resetLabel: function () {
            return "Clear all filters";
          },
        },
      }),
      widgets.hits({
        container: parts.hits,
        templates: {
          empty: function () {
            return "No case studies match. Try other words or fewer filters.";
          },
          item: function (hit, tools) {
            var status = labels[hit.status] && ["winner", "highly_commended", "shortlisted"].indexOf(hit.status) >= 0
              ? tools.html` · <span class="ce-badge ce-badge-${hit.status}">${labels[hit.status]}</span>` : "";
            return tools.html`<article class="ce-hit">
              <${hitHeading} class="ce-hit-title"><a href=${caseStudyUrl(config, hit.slug)}>${tools.components.Highlight({ hit: hit, attribute: "title" })}</a><//>
              <p class="ce-meta">${hit.organisation} · ${hit.award} ${hit.cycle}${status}</p>
              <p class="ce-summary">${tools.components.Snippet({ hit: hit, attribute: "summary" })}</p>
            </article>`;
          },
        },
      }),
      widgets.pagination({ container: parts.pagination, padding: 2, showFirst: false, showLast: false }),
    ]);
    search.start();
  }

  function start() {
    var container = document.getElementById(targetId);
    if (!container) {
      return;
    }
    container.replaceChildren(el("p", { class: "ce-loading" }, ["Loading the case-study search…"]));
    loadStyle("../vendor/instantsearch/reset-min.css");
    loadStyle("../css/embed.css");
    Promise.all([fetchConfig(), loadLibraries()])
      .then(function (results) {
        mount(container, results[0]);
      })
      .catch(function (error) {
        showProblem(container, error.message);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
