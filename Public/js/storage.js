// Storage page: uploads with a progress bar. The form works without this
// file (a plain multipart post); with it, the file is sent as the raw body
// with XMLHttpRequest so its progress can be shown, and a file over the limit
// is refused before a byte is sent. No innerHTML: messages are text only.
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("storage-upload");
    if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
    var fileInput = document.getElementById("upload-file");
    var folderInput = document.getElementById("upload-folder");
    var nameInput = document.getElementById("upload-name");
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var limit = parseInt(form.getAttribute("data-limit"), 10) || 0;
    var limitText = form.getAttribute("data-limit-text") || "";
    var csrf = form.querySelector("input[name=csrf]").value;

    function show(text) {
      bar.parentNode.hidden = false;
      status.textContent = text;
    }

    // The error page's own message: its alert, else its first paragraph.
    function messageOf(xhr) {
      try {
        var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
        var node = page.querySelector("main [role=alert] p, .error-message, main p");
        if (node && node.textContent.trim()) { return node.textContent.trim(); }
      } catch (ignored) { /* fall through */ }
      return "HTTP " + xhr.status;
    }

    form.addEventListener("submit", function (event) {
      var file = fileInput.files && fileInput.files[0];
      if (!file) { return; }
      event.preventDefault();
      if (limit && file.size > limit) {
        show("“" + file.name + "” is larger than " + limitText + ": it was not uploaded.");
        return;
      }
      var folder = folderInput.value.replace(/\/+$/, "");
      var name = nameInput.value || file.name;
      var path = folder ? folder + "/" + name : name;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") + "?path=" + encodeURIComponent(path));
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("X-GrantDesk-Upload", "xhr");
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      xhr.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) { return; }
        bar.value = Math.round(progress.loaded * 100 / progress.total);
        show("Uploading “" + name + "”: " + bar.value + "%");
      });
      xhr.addEventListener("load", function () {
        // Success answers 204 naming the folder page to open (same origin only).
        var next = xhr.getResponseHeader("X-GrantDesk-Location");
        if (xhr.status === 204 && next && next.charAt(0) === "/" && next.charAt(1) !== "/") {
          window.location.assign(next);
        } else {
          show("Upload failed: " + messageOf(xhr));
        }
      });
      xhr.addEventListener("error", function () { show("Upload failed: the connection broke. Nothing may have been saved."); });
      bar.value = 0;
      show("Uploading “" + name + "”…");
      xhr.send(file);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
