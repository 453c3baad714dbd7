/* baomi's own script: send the CSRF token with every htmx request (Django's CsrfViewMiddleware). */
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
  }
});

/* A page's actions (baomi.kit.actions): a button opens its form's panel in place and closes
   every other of the page (the open one's button filled); pressed again, or the panel's close
   link, it closes. Without this script the button is a link (?action=…) that renders the
   page with that panel open. */
document.addEventListener("click", function (event) {
  var opener = event.target.closest("[data-opens]");
  var closer = event.target.closest("[data-closes]");
  if (!opener && !closer) {
    return;
  }
  event.preventDefault();
  var wanted = opener && opener.getAttribute("aria-expanded") !== "true" ? opener.dataset.opens : "";
  document.querySelectorAll("[data-panel]").forEach(function (panel) {
    panel.hidden = panel.id !== wanted;
  });
  document.querySelectorAll("[data-opens]").forEach(function (button) {
    var open = button.dataset.opens === wanted;
    button.classList.toggle("btn-" + button.dataset.style, open);
    button.classList.toggle("btn-outline-" + button.dataset.style, !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  history.replaceState(null, "", wanted ? opener.getAttribute("href") : window.location.pathname);
  var panel = wanted && document.getElementById(wanted);
  if (panel) {
    var first = panel.querySelector("input:not([type=hidden]):not([hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }
});

/* People pickers (web/widgets/people_picker.html): the filter box shows only the people whose
   name or department holds what is typed; Enter in it does not send the form. */
function showPickerFilters(root) {
  root.querySelectorAll("[data-picker-filter]").forEach(function (input) {
    input.hidden = false;
  });
}
showPickerFilters(document);
document.addEventListener("htmx:load", function (event) {
  showPickerFilters(event.target);
});
document.addEventListener("input", function (event) {
  if (!event.target.matches("[data-picker-filter]")) {
    return;
  }
  var typed = event.target.value.trim().toLowerCase();
  event.target.closest("[data-picker]").querySelectorAll("[data-candidate]").forEach(function (row) {
    row.hidden = typed !== "" && row.textContent.toLowerCase().indexOf(typed) === -1;
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.matches("[data-picker-filter]")) {
    event.preventDefault();
  }
});

/* Tables on narrow screens (baomi.css shows each row as a card): every cell of one column
   carries the column's name, from the table's single header row, as data-label (a cell across
   several columns, such as "nothing here", carries none). */
function labelTableCells(root) {
  root.querySelectorAll("table.table").forEach(function (table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (rows.length !== 1) {
      return;
    }
    var names = [];
    Array.prototype.forEach.call(rows[0].cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i++) {
        names.push(cell.textContent.trim());
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.colSpan === 1 && names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan;
        });
      });
    });
  });
}
labelTableCells(document);
document.addEventListener("htmx:load", function (event) {
  labelTableCells(event.target);
});
