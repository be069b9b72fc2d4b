// Small enhancements; every page works without this file.
"use strict";

// Type-ahead for lookup fields (an ARIA 1.2 combobox). Without it the server resolves what was
// typed by number or name; with it, picking a suggestion in a form also fills the hidden id, so the
// server takes that exact record. In the filter builder (no hidden id) it puts the record's name.
const lookup = (function () {
  let counter = 0;

  function setup(input) {
    const form = input.form;
    const name = input.name;
    const idField = form.querySelector(`input[type=hidden][name="${name}__id"]`);
    const wasField = form.querySelector(`input[type=hidden][name="${name}__was"]`);
    const set = input.dataset.lookup;
    const n = ++counter;
    const wrap = document.createElement("span"); // a span: it may sit inside a <label>
    wrap.className = "combo";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const list = document.createElement("ul");
    list.id = `lookup-list-${n}`;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", `Suggestions for ${input.labels[0] ? input.labels[0].textContent.trim() : name}`);
    list.hidden = true;
    wrap.appendChild(list);
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrap.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let active = -1;
    let timer = null;
    let asked = 0;

    function options() {
      return Array.from(list.querySelectorAll("[role=option]"));
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      const opts = options();
      opts.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
      active = i;
      if (i >= 0 && opts[i]) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(opt) {
      input.value = idField ? opt.dataset.title : opt.dataset.name;
      if (idField) idField.value = opt.dataset.id;
      if (wasField) wasField.value = opt.dataset.title;
      close();
    }
    async function ask() {
      const q = input.value.trim();
      const mine = ++asked;
      if (!q) {
        close();
        return;
      }
      let found = [];
      try {
        const resp = await fetch(`/app/${encodeURIComponent(set)}/suggest?q=${encodeURIComponent(q)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (resp.ok) found = await resp.json();
      } catch (_) {
        return; // the server still resolves the text on save
      }
      if (mine !== asked) return; // a newer question is on its way
      list.replaceChildren();
      found.forEach((s, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.id = s.id;
        li.dataset.title = s.title;
        li.dataset.name = s.name;
        li.textContent = s.title;
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          choose(li);
        });
        list.appendChild(li);
      });
      status.textContent = found.length ? `${found.length} suggestions` : "No suggestions";
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", (e) => {
      const opts = options();
      if (e.key === "ArrowDown" && opts.length) {
        e.preventDefault();
        if (list.hidden) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(Math.min(active + 1, opts.length - 1));
      } else if (e.key === "ArrowUp" && opts.length) {
        e.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        choose(opts[active]);
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  document.querySelectorAll("input[data-lookup]").forEach(setup);
  return setup;
})();

// The filter builder: picking a choice field offers its choices at once (without this script the
// choices appear once the filter is applied).
(function () {
  document.querySelectorAll(".filters .condition").forEach((cond) => {
    const field = cond.querySelector("select[name=f]");
    if (!field) return;
    field.addEventListener("change", () => {
      const current = cond.querySelector("[name=v]");
      const key = CSS.escape(field.value);
      const choices = document.querySelector(`template[data-choices-for="${key}"]`);
      const target = document.querySelector(`template[data-lookup-for="${key}"]`);
      let next;
      if (choices) {
        next = document.createElement("select");
        next.appendChild(choices.content.cloneNode(true));
      } else {
        next = document.createElement("input");
        next.value = current.tagName === "SELECT" ? "" : current.value;
        if (target) {
          next.dataset.lookup = target.dataset.set;
          next.autocomplete = "off";
        }
      }
      next.name = "v";
      next.id = current.id; // its label points at it
      // The combobox wraps its input: replace the wrapper too.
      (current.closest(".combo") || current).replaceWith(next);
      if (target) lookup(next);
    });
  });
})();
