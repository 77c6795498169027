/* The entry form, enhanced: inline validation, the summary counter, the category filter,
   file checks, a Markdown preview without leaving the page, and one submission per click.
   Everything here is optional: the server checks every rule again and the form works
   without JavaScript. Loaded with `defer`; no inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  var form = document.getElementById("nomination-form");
  if (!form) { return; }

  var EMAIL = /^[^@\s<>"(),;:\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
  var MISSING = {
    title: "Enter a title for your entry",
    organisation: "Enter the name of your organisation",
    organisation_type: "Enter your organisation type",
    region: "Choose your region",
    contact_name: "Enter the contact's name",
    contact_email: "Enter the contact's e-mail address",
    summary: "Enter a summary",
    body: "Describe your work"
  };

  function collapse(value) { return value.replace(/\s+/g, " ").trim(); }

  function isUrl(value) {
    if (!/^https?:\/\/[^\s\/?#]+/i.test(value)) { return false; }
    try { return ["http:", "https:"].indexOf(new URL(value).protocol) !== -1; } catch (e) { return false; }
  }

  function lines(value) {
    return value.split(/\r?\n/).map(function (l) { return l.trim(); }).filter(Boolean);
  }

  /* The message for one control, or "" when it is fine. `submitting` is true when the
     entrant pressed "Submit entry" (drafts need only the contact's name and e-mail). */
  function problem(control, submitting) {
    var name = control.name;
    var label = control.getAttribute("data-label") || name;
    var multiline = control.tagName === "TEXTAREA" && name !== "links" && name !== "social_handles";
    var value = multiline ? control.value.trim() : collapse(control.value);
    var required = control.getAttribute("data-required");
    if (!value) {
      return (required === "always" || (required === "submit" && submitting)) ? MISSING[name] || ("Enter " + label) : "";
    }
    var max = parseInt(control.getAttribute("data-maxlength") || "0", 10);
    if (max && value.length > max) {
      return label + " must be " + max.toLocaleString("en-GB") + " characters or fewer (it has " +
        value.length.toLocaleString("en-GB") + ")";
    }
    if (name === "contact_email" && !EMAIL.test(value)) {
      return "Enter an e-mail address in the right format, like name@example.org";
    }
    if (name === "website" && !isUrl(value)) {
      return "Website: “" + value.slice(0, 80) + "” is not a web address starting with https:// or http://";
    }
    var maxLines = parseInt(control.getAttribute("data-max-lines") || "0", 10);
    if (maxLines) {
      var items = lines(control.value);
      if (items.length > maxLines) {
        return "Add at most " + maxLines + " " + (name === "links" ? "links" : "social media handles") +
          " (you have " + items.length + ")";
      }
      for (var i = 0; i < items.length; i++) {
        if (name === "links" && !isUrl(items[i])) {
          return "Links, line " + (i + 1) + ": “" + items[i].slice(0, 80) + "” is not a web address starting with https:// or http://";
        }
        if (name === "social_handles" && /\s/.test(items[i])) {
          return "Social media handles, line " + (i + 1) + ": a handle has no spaces (for example @yourtrust)";
        }
      }
    }
    return "";
  }

  function errorElement(control, create) {
    var id = control.name + "-error";
    var existing = document.getElementById(id);
    if (existing || !create) { return existing; }
    var p = document.createElement("p");
    p.id = id;
    p.className = "field-error";
    control.parentNode.insertBefore(p, control);
    return p;
  }

  function describe(control, errorId, on) {
    var ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean)
      .filter(function (x) { return x !== errorId; });
    if (on) { ids.push(errorId); }
    if (ids.length) { control.setAttribute("aria-describedby", ids.join(" ")); }
    else { control.removeAttribute("aria-describedby"); }
  }

  function show(control, message) {
    var group = control.closest(".form-group");
    var el = errorElement(control, Boolean(message));
    if (message) {
      el.textContent = "";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "Error: ";
      el.appendChild(hidden);
      el.appendChild(document.createTextNode(message));
      control.setAttribute("aria-invalid", "true");
      describe(control, el.id, true);
      if (group) { group.classList.add("has-error"); }
    } else {
      if (el) { el.remove(); }
      control.removeAttribute("aria-invalid");
      describe(control, control.name + "-error", false);
      if (group) { group.classList.remove("has-error"); }
    }
  }

  var controls = Array.prototype.slice.call(form.querySelectorAll("[data-label]"));
  controls.forEach(function (control) {
    control.addEventListener("blur", function () {
      // on leaving a field: say what is wrong, except "missing", which waits for a submit
      var message = control.value.trim() ? problem(control, false) : "";
      show(control, message);
    });
    control.addEventListener("input", function () {
      if (control.getAttribute("aria-invalid") === "true") { show(control, problem(control, false)); }
    });
  });

  /* Summary length counter; announced politely, a moment after typing stops. */
  var counter = document.getElementById("summary-count");
  var live = document.getElementById("summary-count-live");
  var summary = document.getElementById("field-summary");
  var liveTimer = null;
  function count() {
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var left = max - summary.value.trim().length;
    var text = left >= 0
      ? "You have " + left + " character" + (left === 1 ? "" : "s") + " remaining"
      : "You have " + (-left) + " character" + (left === -1 ? "" : "s") + " too many";
    counter.textContent = text;
    counter.classList.toggle("over", left < 0);
    clearTimeout(liveTimer);
    liveTimer = setTimeout(function () { live.textContent = text; }, 800);
  }
  if (counter && summary && live) {
    summary.addEventListener("input", count);
    count();
  }

  /* Category picker: a filter that hides what does not match (keeping the branches that lead
     to a match, marked as context), and a live list of what is chosen, each with a button to
     remove it. Without JavaScript the picker is plain checkboxes. */
  var filterBox = form.querySelector(".category-filter");
  var filter = document.getElementById("category-filter");
  var status = document.getElementById("category-filter-status");
  var options = Array.prototype.slice.call(form.querySelectorAll(".category-option"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=categories]"));
  function childOptions(li) {
    var list = li.querySelector(":scope > ul");
    return list ? Array.prototype.slice.call(list.children) : [];
  }
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var matches = 0;
    // children before their parents, so a parent knows whether a child is still shown
    options.slice().reverse().forEach(function (li) {
      var path = li.getAttribute("data-path").toLowerCase();
      var match = words.every(function (w) { return path.indexOf(w) !== -1; });
      var leadsToMatch = childOptions(li).some(function (child) { return !child.hidden; });
      li.hidden = !match && !leadsToMatch;
      li.classList.toggle("is-context", words.length > 0 && !match && leadsToMatch);
      if (match && li.querySelector(":scope > .category-choice input")) { matches++; }
    });
    Array.prototype.forEach.call(form.querySelectorAll(".category-group"), function (group) {
      group.hidden = !group.querySelector(".category-option:not([hidden])");
    });
    status.textContent = words.length
      ? matches + " of " + boxes.length + " categories match “" + filter.value.trim() + "”"
      : "";
  }
  if (filterBox && filter && status) {
    filterBox.hidden = false;
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter filters, never submits
    });
  }

  var chosenBox = document.getElementById("category-chosen");
  var chosenList = document.getElementById("category-chosen-list");
  var chosenTitle = document.getElementById("category-chosen-title");
  var chosenCount = document.getElementById("category-selected-count");
  var chosenEmpty = document.getElementById("category-chosen-empty");
  var chosenOver = document.getElementById("category-chosen-over");
  function renderChosen() {
    var chosen = boxes.filter(function (box) { return box.checked; });
    chosenCount.textContent = chosen.length;
    chosenEmpty.hidden = chosen.length > 0;
    chosenOver.hidden = chosen.length <= parseInt(chosenBox.getAttribute("data-max"), 10);
    chosenList.textContent = "";
    chosen.forEach(function (box) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = box.value;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.setAttribute("data-for", box.id);
      remove.textContent = "Remove";
      var which = document.createElement("span");
      which.className = "visually-hidden";
      which.textContent = " " + box.value;
      remove.appendChild(which);
      li.appendChild(name);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      chosenList.appendChild(li);
    });
  }
  if (chosenBox && chosenList && chosenTitle && chosenCount && chosenEmpty && chosenOver) {
    chosenBox.hidden = false;
    renderChosen();
    form.addEventListener("change", function (event) {
      if (event.target.name === "categories") { renderChosen(); }
    });
    chosenList.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-for]");
      if (!button) { return; }
      var buttons = Array.prototype.slice.call(chosenList.querySelectorAll("button[data-for]"));
      var at = buttons.indexOf(button);
      var box = document.getElementById(button.getAttribute("data-for"));
      box.checked = false;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      // keep the keyboard where it was: on the next Remove button, or the list's heading
      var left = chosenList.querySelectorAll("button[data-for]");
      var next = left[Math.min(at, left.length - 1)];
      (next || chosenTitle).focus();
    });
  }

  /* Files: number, size and type, before anything is uploaded. */
  var fileInput = document.getElementById("field-attachments");
  var maxFiles = parseInt(form.getAttribute("data-max-files"), 10);
  var maxBytes = parseInt(form.getAttribute("data-max-file-bytes"), 10);
  var attached = parseInt(form.getAttribute("data-attached") || "0", 10);
  function fileProblem() {
    if (!fileInput) { return ""; }
    var files = Array.prototype.slice.call(fileInput.files || []);
    var removing = form.querySelectorAll("input[name=remove_attachments]:checked").length;
    if (attached - removing + files.length > maxFiles) {
      return "Attach at most " + maxFiles + " files (this would make " + (attached - removing + files.length) + ")";
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > maxBytes) {
        return "“" + files[i].name + "” is " + (files[i].size / 1048576).toFixed(1) + " MB; each file can be at most " +
          Math.floor(maxBytes / 1048576) + " MB";
      }
      if (files[i].size === 0) { return "“" + files[i].name + "” is empty"; }
    }
    return "";
  }
  if (fileInput) {
    fileInput.addEventListener("change", function () { show(fileInput, fileProblem()); });
  }

  /* Markdown preview in place (the server renders and sanitises it). */
  var previewButton = document.getElementById("preview-button");
  var preview = document.getElementById("preview");
  var previewContent = document.getElementById("preview-content");
  var body = document.getElementById("field-body");
  var csrf = form.querySelector("input[name=_csrf_token]");
  if (previewButton && preview && body && window.fetch) {
    previewButton.addEventListener("click", function (event) {
      event.preventDefault();
      previewButton.setAttribute("aria-busy", "true");
      fetch("/nominations/preview", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "x-csrftoken": csrf ? csrf.value : "" },
        body: new URLSearchParams({ body: body.value }).toString()
      }).then(function (response) {
        if (!response.ok) { throw new Error("preview failed: " + response.status); }
        return response.text();
      }).then(function (html) {
        previewContent.innerHTML = html;  // sanitised by the server (nh3), never raw input
        preview.hidden = false;
        preview.focus();
      }).catch(function () {
        previewContent.textContent = "The preview could not be loaded. Your text is unchanged.";
        preview.hidden = false;
      }).then(function () { previewButton.removeAttribute("aria-busy"); });
    });
  }

  /* On submit: check everything, list problems in a summary, and send only once. */
  function summaryBox(problems) {
    var old = document.getElementById("error-summary");
    if (old) { old.remove(); }
    if (!problems.length) { return; }
    var box = document.createElement("div");
    box.className = "error-summary";
    box.id = "error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("aria-labelledby", "error-summary-title");
    var h = document.createElement("h2");
    h.id = "error-summary-title";
    h.textContent = "There is a problem";
    var ul = document.createElement("ul");
    problems.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + p.id;
      a.textContent = p.message;
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(h);
    box.appendChild(ul);
    form.parentNode.insertBefore(box, form);
    box.focus();
  }

  var sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) { event.preventDefault(); return; }  // a double click sends one request
    var submitter = event.submitter;
    var action = submitter ? submitter.value : "submit";
    if (action === "preview") { return; }
    var submitting = action === "submit";
    var problems = [];
    controls.forEach(function (control) {
      var message = problem(control, submitting);
      show(control, message);
      if (message) { problems.push({ id: control.id, message: message }); }
    });
    var chosen = form.querySelectorAll("input[name=categories]:checked").length;
    if (submitting && chosen === 0) {
      problems.push({ id: "field-categories", message: "Choose at least one category" });
    }
    var fileMessage = fileProblem();
    if (fileInput) { show(fileInput, fileMessage); }
    if (fileMessage) { problems.push({ id: "field-attachments", message: fileMessage }); }
    if (problems.length) {
      event.preventDefault();
      summaryBox(problems);
      return;
    }
    sent = true;
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
      b.setAttribute("aria-disabled", "true");
    });
  });
  // coming back with the Back button restores the page from the cache: allow sending again
  window.addEventListener("pageshow", function () { sent = false; });
})();
