// Polls an operation's status endpoint while it runs and updates the bar
// and counts; reloads the page once it has finished, so the server renders
// every outcome. Without script the page offers a reload link instead.
(function () {
  "use strict";
  var section = document.querySelector("[data-operation-status]");
  if (!section || section.getAttribute("data-running") !== "true") { return; }
  var url = section.getAttribute("data-operation-status");
  var bar = document.getElementById("operation-bar");
  var state = document.getElementById("operation-state");

  function setCount(name, value) {
    var node = document.querySelector('[data-count="' + name + '"]');
    if (node) { node.textContent = String(value); }
  }

  function apply(status) {
    bar.value = status.ended;
    bar.textContent = status.ended + " of " + status.total;
    ["ended", "done", "failed", "skipped", "interrupted"].forEach(function (name) { setCount(name, status[name]); });
    status.items.forEach(function (item) {
      var row = document.querySelector('tr[data-item="' + item.position + '"]');
      if (!row) { return; }
      row.className = "item-" + item.status;
      var cell = row.querySelector("[data-status]");
      if (cell) { cell.textContent = item.label; cell.className = "item-status status-" + item.status; }
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { window.setTimeout(poll, 3000); return; }
        apply(status);
        if (status.running) {
          window.setTimeout(poll, 1000);
        } else {
          if (state) { state.textContent = "Finished"; }
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
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
