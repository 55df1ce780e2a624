// Conveniences for the grant editor; every page works without this file.
// - "Add a row" under each structured list copies the last empty row in
//   place (renumbering its field names) instead of a round trip.
// - Leaving a changed editor form asks first.
// No innerHTML, no eval: rows are cloned DOM nodes and only attributes the
// server wrote are renumbered.
(function () {
  'use strict';

  function renumber(node, from, to) {
    const pattern = new RegExp('\\.' + from + '\\.');
    const idPattern = new RegExp('-' + from + '-');
    node.querySelectorAll('[name], [id], label[for]').forEach(function (element) {
      ['name', 'id', 'for'].forEach(function (attribute) {
        const value = element.getAttribute(attribute);
        if (value === null) { return; }
        element.setAttribute(attribute, value.replace(pattern, '.' + to + '.').replace(idPattern, '-' + to + '-'));
      });
    });
  }

  function addRowButton(table, counter) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-sm btn-secondary add-row';
    button.textContent = 'Add a row';
    button.addEventListener('click', function () {
      const rows = table.tBodies[0].rows;
      const template = rows[rows.length - 1];
      const count = parseInt(counter.value, 10);
      if (!template || !(count > 0)) { return; }
      const copy = template.cloneNode(true);
      renumber(copy, count - 1, count);
      copy.querySelectorAll('input[type="text"], textarea').forEach(function (field) { field.value = ''; });
      copy.querySelectorAll('select').forEach(function (field) { field.selectedIndex = 0; });
      template.after(copy);
      counter.value = String(count + 1);
      const first = copy.querySelector('input[type="text"]');
      if (first) { first.focus(); }
    });
    table.after(button);
  }

  document.querySelectorAll('table.scope-rows').forEach(function (table) {
    const counter = table.parentElement.querySelector('input[data-row-count]');
    if (counter) { addRowButton(table, counter); }
  });

  const form = document.getElementById('editor-form');
  if (form) {
    let changed = false;
    let submitting = false;
    form.addEventListener('input', function () { changed = true; });
    form.addEventListener('change', function () { changed = true; });
    form.addEventListener('submit', function () { submitting = true; });
    window.addEventListener('beforeunload', function (event) {
      if (changed && !submitting) { event.preventDefault(); event.returnValue = ''; }
    });
  }
}());
