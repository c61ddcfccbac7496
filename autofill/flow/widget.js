// Reads a scripted choice widget (listbox button or type-ahead combobox) for flow/widgets.py.
// Python does the pointer and key input (real events through WebDriver); this only looks.
//
// arguments[0] = {key, name}: the control's registration key (window.__autofillFields) and the
// name of its value carrier (a hidden input or aria-hidden select), "" when unknown.
// Returns {found, expanded, shown, carrier, options: [{text, value, selected, disabled}], elements}
// — elements are the option elements, for WebDriver to click. Option texts are page text, never
// the profile's values; nothing here is logged.
const job = arguments[0] || {};
const reg = window.__autofillFields || [];
const el = reg[parseInt(job.key, 10)];
if (!el || !el.isConnected) return {found: false};

function norm(s) { return String(s || "").replace(/\s+/g, " ").trim(); }

function visible(n) {
  const r = n.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return false;
  const cs = getComputedStyle(n);
  return cs.visibility !== "hidden" && cs.display !== "none" && parseFloat(cs.opacity || "1") > 0.05;
}

// Text a person reads in `n`, leaving out aria-hidden decorations (chevrons, icons).
function readText(n, skip) {
  let out = "";
  for (const c of n.childNodes) {
    if (c.nodeType === 3) out += " " + c.nodeValue;
    else if (c.nodeType === 1 && c !== skip && c.getAttribute("aria-hidden") !== "true" &&
             !/^(SCRIPT|STYLE|SVG|INPUT|SELECT|TEXTAREA)$/i.test(c.tagName) && c.getAttribute("role") !== "listbox" &&
             c.getAttribute("role") !== "log" && !c.hasAttribute("aria-live")) out += " " + readText(c, skip);
  }
  return norm(out);
}

// The popup: the listbox the control (or, for an ARIA 1.1 wrapper, its input) names, else the one
// visible listbox on the page nearest to the control (portals put it at the end of <body>).
function popup() {
  const ids = [];
  for (const n of [el, el.querySelector && el.querySelector("[aria-controls],[aria-owns]")]) {
    if (!n) continue;
    ids.push(...((n.getAttribute("aria-controls") || "") + " " + (n.getAttribute("aria-owns") || "")).split(/\s+/));
  }
  for (const id of ids) {
    const box = id && el.ownerDocument.getElementById(id);
    if (box && box.isConnected) return box;
  }
  if (el.getAttribute("aria-expanded") === "false") return null;  // closed: any listbox is another's
  const r = el.getBoundingClientRect();
  let best = null, bestD = Infinity;
  for (const box of el.ownerDocument.querySelectorAll("[role=listbox]")) {
    if (box.tagName === "SELECT" || !visible(box) || !box.querySelector("[role=option]")) continue;
    const b = box.getBoundingClientRect();
    const d = Math.abs(b.top - r.bottom) + Math.abs(b.left - r.left);
    if (d < bestD) { best = box; bestD = d; }
  }
  return best;
}

// What the control shows: its own text for a button; for an input, the text of the widget's own
// container (react-select shows the chosen option beside its input), stopping below a container
// that holds a label or another field.
function shown() {
  if (el.tagName !== "INPUT") return readText(el);
  let box = el;
  for (let n = el.parentElement, k = 0; n && k < 5; n = n.parentElement, k++) {
    if (n.querySelector("label") || Array.from(n.querySelectorAll("input,select,textarea,button"))
          .some(c => c !== el && c.type !== "hidden" && c.getAttribute("aria-hidden") !== "true" && c.tagName !== "BUTTON")) break;
    box = n;
  }
  return norm(readText(box) + " " + (el.value || ""));
}

function carrier() {
  if (!job.name) return null;
  for (let n = el.parentElement, k = 0; n && k < 5; n = n.parentElement, k++) {
    for (const c of n.querySelectorAll("input,select")) {
      if (c !== el && c.getAttribute("name") === job.name) return c.value;
    }
  }
  return null;
}

const box = popup();
const options = [], elements = [];
if (box && visible(box)) {
  for (const o of box.querySelectorAll("[role=option]")) {
    const text = norm(o.getAttribute("aria-label") || o.innerText || o.textContent);
    options.push({text: text.slice(0, 80), value: (o.getAttribute("data-value") || o.getAttribute("value") || text).slice(0, 80),
                  selected: o.getAttribute("aria-selected") === "true", disabled: o.getAttribute("aria-disabled") === "true"});
    elements.push(o);
    if (options.length >= 400) break;
  }
}
const expanded = el.getAttribute("aria-expanded") === "true" || !!(box && visible(box) && options.length);
return {found: true, expanded: expanded, shown: shown().slice(0, 200), carrier: carrier(), options: options, elements: elements};
