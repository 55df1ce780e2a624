// GrantDesk conveniences. Every page works without this file; it only adds
// table filtering, confirm dialogs, copy buttons, scan progress and a few
// keyboard shortcuts.
// Rules: no innerHTML, no eval, text goes in through textContent only.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- client-side table filter -------------------------------------------
  // <table class="data" data-filterable> gets a filter box above it that hides
  // the rows on this page whose text does not contain the query.
  var filterCount = 0;
  function setupTableFilter(table) {
    // Every body's rows (an answer grouped by room has one body per room), not the group headings.
    var rows = Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
      return !row.classList.contains("group-head");
    });
    if (rows.length < 6) return;
    filterCount += 1;
    var id = "table-filter-" + filterCount;
    var bar = el("div", { "class": "table-filter" });
    var label = el("label", { "for": id, "class": "visually-hidden" }, table.getAttribute("data-filter-label") || "Filter rows on this page");
    var input = el("input", { type: "search", id: id, placeholder: "Filter rows on this page\u2026", autocomplete: "off" });
    var status = el("span", { "class": "filter-count", "aria-live": "polite" });
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(status);
    var anchor = table.closest(".table-wrap") || table;
    anchor.parentNode.insertBefore(bar, anchor);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
        row.classList.toggle("filtered-out", !match);
        if (match) shown += 1;
      });
      status.textContent = query === "" ? "" : shown + " of " + rows.length + " rows";
    });
  }

  // ---- confirm dialogs ------------------------------------------------------
  // A submit button (or its form) with data-confirm="message" asks first.
  var dialog = null;
  function confirmDialog(message, actionLabel, onConfirm) {
    if (typeof HTMLDialogElement === "undefined") {
      if (window.confirm(message)) onConfirm();
      return;
    }
    if (!dialog) {
      dialog = el("dialog", { "class": "confirm-dialog", "aria-labelledby": "confirm-dialog-text" });
      dialog.appendChild(el("p", { id: "confirm-dialog-text" }));
      var actions = el("div", { "class": "form-actions" });
      var cancel = el("button", { type: "button", "class": "btn btn-secondary", "data-role": "cancel" }, "Cancel");
      var ok = el("button", { type: "button", "class": "btn btn-danger-solid", "data-role": "ok" }, "Confirm");
      actions.appendChild(cancel);
      actions.appendChild(ok);
      dialog.appendChild(actions);
      document.body.appendChild(dialog);
      cancel.addEventListener("click", function () { dialog.close(); });
    }
    dialog.querySelector("#confirm-dialog-text").textContent = message;
    var okButton = dialog.querySelector('[data-role="ok"]');
    okButton.textContent = actionLabel || "Confirm";
    var fresh = okButton.cloneNode(true);
    okButton.parentNode.replaceChild(fresh, okButton);
    fresh.addEventListener("click", function () { dialog.close(); onConfirm(); });
    dialog.showModal();
    dialog.querySelector('[data-role="cancel"]').focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
    var message = source.getAttribute("data-confirm");
    if (!message || form.getAttribute("data-confirmed") === "yes") return;
    event.preventDefault();
    var label = submitter ? submitter.textContent.trim() : "Confirm";
    confirmDialog(message, label, function () {
      form.setAttribute("data-confirmed", "yes");
      if (submitter && submitter.name) {
        var carry = el("input", { type: "hidden", name: submitter.name, value: submitter.value });
        form.appendChild(carry);
      }
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  });

  // ---- copy to clipboard ----------------------------------------------------
  // <pre data-copy> gets a small "Copy" button.
  function setupCopy(pre) {
    if (!navigator.clipboard) return;
    var wrap = el("div", { "class": "code-wrap" });
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = el("button", { type: "button", "class": "btn btn-sm btn-secondary copy-btn" }, "Copy");
    wrap.appendChild(button);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }, function () {
        button.textContent = "Copy failed";
      });
    });
  }

  // ---- keyboard shortcuts ---------------------------------------------------
  // "/" focuses the page's search box, "g p" goes to projects, "?" shows help.
  var pendingG = false;
  var gTimer = null;
  function typingIn(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }
  function showShortcutHelp() {
    var existing = document.getElementById("shortcut-help");
    if (existing) { existing.showModal(); return; }
    if (typeof HTMLDialogElement === "undefined") return;
    var help = el("dialog", { id: "shortcut-help", "class": "confirm-dialog shortcut-help", "aria-label": "Keyboard shortcuts" });
    help.appendChild(el("h2", null, "Keyboard shortcuts"));
    var list = el("dl");
    [["/", "Search or filter on this page"], ["g then p", "Go to projects"], ["g then o", "Go to the project overview"], ["?", "Show this help"]].forEach(function (pair) {
      var dt = el("dt");
      dt.appendChild(el("kbd", null, pair[0]));
      list.appendChild(dt);
      list.appendChild(el("dd", null, pair[1]));
    });
    help.appendChild(list);
    var actions = el("div", { "class": "form-actions" });
    var close = el("button", { type: "button", "class": "btn btn-secondary" }, "Close");
    close.addEventListener("click", function () { help.close(); });
    actions.appendChild(close);
    help.appendChild(actions);
    document.body.appendChild(help);
    help.showModal();
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) window.location.assign(link.href);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
    if (pendingG) {
      pendingG = false;
      window.clearTimeout(gTimer);
      if (event.key === "p") { event.preventDefault(); follow("[data-shortcut='projects'], a[href='/projects']"); }
      if (event.key === "o") { event.preventDefault(); follow("[data-shortcut='overview'], .site-nav li:nth-child(2) a"); }
      return;
    }
    if (event.key === "/") {
      var search = document.querySelector("[data-search], input[type='search']");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.key === "g") {
      pendingG = true;
      gTimer = window.setTimeout(function () { pendingG = false; }, 1200);
    } else if (event.key === "?") {
      event.preventDefault();
      showShortcutHelp();
    }
  });

  // ---- auto-submit selects ---------------------------------------------------
  // <select data-autosubmit> submits its GET form on change (the form keeps a
  // visible submit button for use without JavaScript).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      // Tells the server this is only a choice, not a question yet, so it
      // shows the fields the choice needs instead of complaining they are empty.
      target.form.appendChild(el("input", { type: "hidden", name: "pick", value: "1" }));
      target.form.submit();
    }
  });

  // ---- progress of whole-project scans ----------------------------------------
  // A GET form or link with data-scan="/projects/P/progress" asks a question
  // that reads every grant. On submit it gets a random scan= token, and while
  // the answer is computed this page polls the progress URL with that token
  // and shows how many grants have been checked. Without JavaScript the answer
  // simply arrives when done.
  function scanToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function formatCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function showScanProgress(anchor, progressURL, token) {
    var box = el("div", { "class": "scan-status", role: "status", "aria-live": "polite" });
    var bar = el("progress", { "class": "scan-bar", max: "1" });
    var text = el("span", { "class": "scan-text" }, "Reading the project\u2019s grants\u2026");
    box.appendChild(bar);
    box.appendChild(text);
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
    var stopped = false;
    window.addEventListener("pagehide", function () { stopped = true; });
    function poll() {
      if (stopped) return;
      var url = progressURL + (progressURL.indexOf("?") === -1 ? "?" : "&") + "scan=" + token;
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (state && state.total > 0) {
            bar.max = state.total;
            bar.value = state.checked;
            text.textContent = (state.state === "done" ? "Checked all " + formatCount(state.total) + " grants; preparing the answer\u2026"
              : "Checked " + formatCount(state.checked) + " of " + formatCount(state.total) + " grants\u2026");
          }
          if (!state || state.state !== "done") window.setTimeout(poll, 300);
        })
        .catch(function () { window.setTimeout(poll, 1000); });
    }
    window.setTimeout(poll, 150);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-scan]") || event.defaultPrevented) return;
    var old = form.querySelector("input[name='scan']");
    if (old) old.parentNode.removeChild(old);
    var token = scanToken();
    form.appendChild(el("input", { type: "hidden", name: "scan", value: token }));
    showScanProgress(form, form.getAttribute("data-scan"), token);
  });
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-scan]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var token = scanToken();
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("scan", token);
    showScanProgress(link, link.getAttribute("data-scan"), token);
    window.location.assign(url.toString());
  });
  // The token is spent once the answer has arrived: keep it out of bookmarks.
  function dropScanToken() {
    var url = new URL(window.location.href);
    if (!url.searchParams.has("scan")) return;
    url.searchParams.delete("scan");
    window.history.replaceState(null, "", url.toString());
  }

  // Code blocks scroll; make each reachable by keyboard so it can be scrolled
  // without a mouse (templates set tabindex where they can).
  function makeScrollable(pre) {
    if (!pre.hasAttribute("tabindex")) pre.setAttribute("tabindex", "0");
  }

  function init() {
    dropScanToken();
    Array.prototype.forEach.call(document.querySelectorAll("pre"), makeScrollable);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-filterable]"), setupTableFilter);
    Array.prototype.forEach.call(document.querySelectorAll("pre[data-copy]"), setupCopy);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

// Expiry fields are read as UTC: show what that is in the browser's own time.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.querySelectorAll("[data-utc-input]").forEach(function (input) {
    var out = input.parentNode.querySelector("[data-local-time]");
    if (!out) { return; }
    function show() {
      var match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(input.value);
      if (!match) { out.textContent = ""; return; }
      var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5]));
      out.textContent = "UTC; your local time: " + date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" +
        pad(date.getDate()) + " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
    }
    input.addEventListener("input", show);
    show();
  });
  // Expiries shown on pages: add the local time after the UTC text.
  document.querySelectorAll("[data-expiry-epoch]").forEach(function (node) {
    var date = new Date(1000 * Number(node.getAttribute("data-expiry-epoch")));
    if (isNaN(date.getTime())) { return; }
    var local = document.createElement("span");
    local.className = "muted";
    local.textContent = " (your local time: " + date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" +
      pad(date.getDate()) + " " + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ")";
    node.appendChild(local);
  });
})();
