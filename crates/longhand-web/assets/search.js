// Search from the keyboard, on every page. `/` focuses the search page's own box, or the
// navigation's quick box elsewhere. The quick box is an ARIA combobox: htmx fills its listbox
// as you type, ↓/↑ move through the options, Enter opens the active one (or, with none
// active, submits to /search), Escape closes. On the search page, j/k and ↓/↑ move between
// results and Enter opens the focused one. No key is taken while you type in a field.
(() => {
  'use strict';

  const typing = (el) => !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // --- The quick box --------------------------------------------------------------------
  const box = document.getElementById('quick-q');
  const list = document.getElementById('quick-results');

  const options = () => (list ? [...list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')] : []);
  const active = () => (list ? list.querySelector('[role="option"][aria-selected="true"]') : null);

  function activate(option) {
    for (const o of options()) o.setAttribute('aria-selected', String(o === option));
    if (option) {
      box.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      box.removeAttribute('aria-activedescendant');
    }
  }

  function setOpen(open) {
    if (!box || !list) return;
    const show = open && list.querySelector('[role="option"]') !== null;
    box.setAttribute('aria-expanded', String(show));
    list.hidden = !show;
    if (!show) activate(null);
  }

  function step(by) {
    const all = options();
    if (!all.length) return;
    if (list.hidden) setOpen(true);
    const at = all.indexOf(active());
    const next = at < 0 ? (by > 0 ? 0 : all.length - 1) : (at + by + all.length) % all.length;
    activate(all[next]);
  }

  if (box && list) {
    document.body.addEventListener('htmx:afterSwap', (event) => {
      if (event.detail.target === list) setOpen(document.activeElement === box);
    });
    box.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') { event.preventDefault(); step(1); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); step(-1); }
      else if (event.key === 'Escape') {
        if (!list.hidden) { event.preventDefault(); setOpen(false); }
      } else if (event.key === 'Enter') {
        const link = active()?.querySelector('a');
        if (link) { event.preventDefault(); window.location.assign(link.href); }
      }
    });
    box.addEventListener('input', () => { if (!box.value.trim()) setOpen(false); });
    box.addEventListener('focus', () => { if (box.value.trim()) setOpen(true); });
    // Close when focus leaves the box and its list (a click on an option keeps it inside).
    box.form.addEventListener('focusout', (event) => {
      if (!box.form.contains(event.relatedTarget)) setOpen(false);
    });
    list.addEventListener('mousemove', (event) => {
      const option = event.target.closest('[role="option"]:not([aria-disabled="true"])');
      if (option && option !== active()) activate(option);
    });
  }

  // --- Page-wide keys -------------------------------------------------------------------
  const results = () => [...document.querySelectorAll('.search-hit .hit-link')];

  function moveResult(by) {
    const all = results();
    if (!all.length) return false;
    const at = all.indexOf(document.activeElement);
    const next = at < 0 ? 0 : Math.min(all.length - 1, Math.max(0, at + by));
    all[next].focus();
    all[next].closest('.search-hit').scrollIntoView({ block: 'nearest' });
    return true;
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(document.activeElement)) return;
    if (event.key === '/') {
      const target = document.getElementById('search-q') || box;
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.select();
      return;
    }
    const by = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key];
    if (by && moveResult(by)) event.preventDefault();
  });

  // Filters and the order apply as soon as they change; the buttons remain for no script.
  for (const control of document.querySelectorAll('[data-autosubmit]')) {
    control.addEventListener('change', () => {
      const form = control.form;
      if (form) form.requestSubmit();
    });
  }
})();
