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

