// Live extraction: one call per reachable document tree. Registers every listed field of each
// same-origin frame in window.__autofillFields, decides what a person can see, and serialises
// the rendered DOM (open shadow roots as declarative shadow DOM) for the shared label inference.
// arguments[0]: {path: [..frame path of this document..], keyAttr: "data-autofill-key"}
const opts = arguments[0] || {};
const KEY = opts.keyAttr || "data-autofill-key";
const SKIP = new Set(["hidden", "submit", "button", "image", "reset"]);
const out = {frames: [], opaque: []};

function parentOf(n) {
  if (n.parentNode && n.parentNode.nodeType === 11) return n.parentNode.host || null; // shadow root
  return n.parentElement || (n.parentNode && n.parentNode.host) || null;
}

function listed(el) {
  const t = el.tagName;
  if (t === "SELECT" || t === "TEXTAREA") return true;
  if (t !== "INPUT") return isWidget(el);
  return !SKIP.has((el.getAttribute("type") || "text").trim().toLowerCase());
}

// A scripted select's control (button role=combobox / aria-haspopup=listbox): a field of its own.
// Mirrors autofill/page/widgets.py widget_kind, which decides what it is from the serialised DOM.
function isCarrier(c) {
  if (c.tagName === "INPUT" && (c.getAttribute("type") || "").trim().toLowerCase() === "hidden") return true;
  return (c.getAttribute("aria-hidden") || "").trim().toLowerCase() === "true" || c.hasAttribute("hidden") ||
    (c.getAttribute("tabindex") || "").trim() === "-1";
}
function comboControl(el) {
  if (el.tagName !== "INPUT" || (el.getAttribute("role") || "").toLowerCase() !== "combobox") return null;
  for (let n = el.parentElement, k = 0; n && k < 4; n = n.parentElement, k++) {
    if (n.querySelector("label")) return null;
    for (const c of n.querySelectorAll("input,select,textarea")) if (c !== el && !isCarrier(c)) return null;
    const r = n.getBoundingClientRect();
    if (r.width >= 16 && r.height >= 10) return n;
  }
  return null;
}
function isWidget(el) {
  const role = (el.getAttribute("role") || "").trim().toLowerCase();
  const popup = (el.getAttribute("aria-haspopup") || "").trim().toLowerCase();
  if (role !== "combobox" && popup !== "listbox") return false;
  for (const c of el.querySelectorAll("input,select,textarea")) if (!isCarrier(c)) return false;
  return true;
}

function clippedAway(cs) {
  const clip = cs.clip || "";
  if (/rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0(px)?\s*\)/.test(clip)) return true;
  if (/rect\(\s*1px[ ,]+1px[ ,]+1px[ ,]+1px\s*\)/.test(clip)) return true;
  const cp = cs.clipPath || "";
  if (/inset\(\s*(50%|100%)/.test(cp) || /circle\(\s*0(px|%)?\s*(at|\))/.test(cp) ||
      /polygon\(\s*0(px)?\s+0(px)?\s*,\s*0(px)?\s+0(px)?\s*,\s*0(px)?\s+0(px)?/.test(cp)) return true;
  return false;
}

function styleHidden(el) {
  // Along the whole ancestor chain, crossing shadow boundaries.
  let first = true;
  for (let n = el; n && n.nodeType === 1; n = parentOf(n)) {
    const win = n.ownerDocument.defaultView;
    const cs = win.getComputedStyle(n);
    if (cs.display === "none") return "display";
    if (first && (cs.visibility === "hidden" || cs.visibility === "collapse")) return "visibility";
    if (parseFloat(cs.opacity) < 0.05) return "opacity";
    if (clippedAway(cs)) return "clip";
    if (n.getAttribute("aria-hidden") === "true") return "aria-hidden";
    if (n.tagName === "DETAILS" && !n.open && !first) {
      const summary = n.querySelector(":scope > summary");
      if (!(summary && summary.contains(el))) return "details";
    }
    if (n.hasAttribute("inert")) return "inert";
    first = false;
  }
  return "";
}

function outsideClippingAncestor(el, r) {
  for (let n = parentOf(el); n && n.nodeType === 1 && n.tagName !== "BODY" && n.tagName !== "HTML"; n = parentOf(n)) {
    const cs = n.ownerDocument.defaultView.getComputedStyle(n);
    if (cs.overflow === "visible" && cs.overflowX === "visible" && cs.overflowY === "visible") continue;
    const a = n.getBoundingClientRect();
    if (a.width <= 1 || a.height <= 1) return true;
    const ix = Math.min(r.right, a.right) - Math.max(r.left, a.left);
    const iy = Math.min(r.bottom, a.bottom) - Math.max(r.top, a.top);
    if (ix <= 1 || iy <= 1) return true;
  }
  return false;
}

function fixedOrSticky(n) {
  for (; n && n.nodeType === 1; n = parentOf(n)) {
    const p = n.ownerDocument.defaultView.getComputedStyle(n).position;
    if (p === "fixed" || p === "sticky") return true;
  }
  return false;
}

function related(el, hit) {
  if (!hit) return false;
  if (hit === el || el.contains(hit)) return true;
  // An ancestor on top means the field sits beneath its own container (z-index tricks), unless
  // the field merely ignores the pointer.
  if (hit.contains(el)) return el.ownerDocument.defaultView.getComputedStyle(el).pointerEvents === "none";
  const lab = hit.closest ? hit.closest("label") : null;
  if (lab && (lab.control === el || (el.labels && Array.from(el.labels).includes(lab)))) return true;
  // A widget's own decoration over its input (a floating label, a mask's overlay): it sits in the
  // field's parent and is no larger than the field.
  const p = parentOf(el);
  if (!p || !p.contains(hit)) return false;
  const a = hit.getBoundingClientRect(), b = el.getBoundingClientRect();
  if (!(a.width <= b.width * 1.2 + 2 && a.height <= b.height * 1.2 + 2)) return false;
  // ...but an opaque box over (nearly) the whole field hides it: a cover, not a decoration.
  return !opaqueCover(hit, a, b);
}

function opaqueCover(hit, a, b) {
  const cs = hit.ownerDocument.defaultView.getComputedStyle(hit);
  const m = (cs.backgroundColor || "").match(/rgba?\(([^)]*)\)/);
  const parts = m ? m[1].split(/[,\s/]+/).filter(Boolean) : [];
  const alpha = parts.length >= 4 ? parseFloat(parts[3]) : (m ? 1 : 0);
  if (!(alpha >= 0.5 || (cs.backgroundImage && cs.backgroundImage !== "none"))) return false;
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 && w * h >= 0.9 * b.width * b.height;
}

function covered(el) {
  const win = el.ownerDocument.defaultView;
  let r = el.getBoundingClientRect();
  let cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  if (cx < 0 || cy < 0 || cx >= win.innerWidth || cy >= win.innerHeight) {
    el.scrollIntoView({block: "center", inline: "center"});
    r = el.getBoundingClientRect();
    cx = r.left + r.width / 2; cy = r.top + r.height / 2;
    if (cx < 0 || cy < 0 || cx >= win.innerWidth || cy >= win.innerHeight) return false; // cannot tell
  }
  const root = el.getRootNode();
  const hit = (root.elementFromPoint ? root.elementFromPoint(cx, cy) : el.ownerDocument.elementFromPoint(cx, cy));
  if (related(el, hit)) return false;
  if (hit && fixedOrSticky(hit) && !fixedOrSticky(el)) return false; // a sticky header or banner, not a trap
  return true;
}

function whyHidden(el) {
  const s = styleHidden(el);
  if (s) return s;
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return "size";
  const cs = el.ownerDocument.defaultView.getComputedStyle(el);
  if (parseFloat(cs.width) <= 1 || parseFloat(cs.height) <= 1) return "size";
  const textual = !(el.type === "checkbox" || el.type === "radio");
  if (textual && (r.width < 16 || r.height < 10)) return "size";  // no one types into a dot
  const doc = el.ownerDocument, win = doc.defaultView;
  const sx = win.scrollX, sy = win.scrollY;
  const W = Math.max(doc.documentElement.scrollWidth, win.innerWidth);
  const H = Math.max(doc.documentElement.scrollHeight, win.innerHeight);
  if (r.right + sx <= 0 || r.bottom + sy <= 0 || r.left + sx >= W || r.top + sy >= H) return "offscreen";
  if (outsideClippingAncestor(el, r)) return "clipped";
  if (covered(el)) return "covered";
  return "";
}

function checkableVisibleViaLabel(el) {
  // A styled checkbox hides its input and shows a box in its label: a person clicks the label.
  if (!(el.type === "checkbox" || el.type === "radio") || !el.labels) return false;
  for (const lab of el.labels) {
    if (!styleHidden(lab)) {
      const r = lab.getBoundingClientRect();
      if (r.width > 1 && r.height > 1) return true;
    }
  }
  return false;
}

function frameAttrs(fr) {
  const a = {};
  for (const n of ["id", "name", "title", "allow", "src", "class"]) a[n] = (fr.getAttribute(n) || "").slice(0, 200);
  return a;
}

function visitDoc(doc, path, frameVisible, attrs, before) {
  const win = doc.defaultView;
  const sx = win.scrollX, sy = win.scrollY;
  const reg = [];
  const roots = [];
  const info = {};
  const framePos = new Map();  // frame element -> how many fields precede it in document order
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (root === doc && (el.tagName === "IFRAME" || el.tagName === "FRAME")) framePos.set(el, reg.length);
      if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); }
      if (!listed(el)) continue;
      const key = String(reg.length);
      reg.push(el);
      el.setAttribute(KEY, key);
      let why = frameVisible ? whyHidden(el) : "frame";
      if (why && why !== "frame" && checkableVisibleViaLabel(el)) why = "";
      // A type-ahead combobox's input grows with its text (react-select's is a few pixels wide
      // when empty, transparent beside a chosen value): a person sees, and clicks, the control around it.
      const shown = ["size", "covered", "opacity"].includes(why) ? comboControl(el) : null;
      if (shown) why = whyHidden(shown);
      const r = (shown || el).getBoundingClientRect();
      const rec = {visible: !why, hidden_by: why, box: [r.left + win.scrollX, r.top + win.scrollY, r.width, r.height],
                   type: el.tagName === "INPUT" ? (el.type || "text") : ""};
      if (el.tagName === "SELECT") rec.selectedIndex = el.selectedIndex;
      else if (el.type === "checkbox" || el.type === "radio") rec.checked = el.checked;
      else rec.value = el.value;
      info[key] = rec;
    }
  };
  walk(doc);
  win.scrollTo(sx, sy);
  try { Object.defineProperty(win, "__autofillFields", {value: reg, configurable: true, writable: true}); }
  catch (e) { win.__autofillFields = reg; }
  let html;
  const el = doc.documentElement;
  if (el.getHTML) {
    try { html = el.getHTML({serializableShadowRoots: true, shadowRoots: roots}); } catch (e) { html = null; }
  }
  if (html == null) html = el.outerHTML;
  else html = "<html" + Array.from(el.attributes).map(a => ` ${a.name}="${a.value.replace(/"/g, "&quot;")}"`).join("") + ">" + html + "</html>";
  for (const f of reg) f.removeAttribute(KEY);
  out.frames.push({path: path, origin: doc.location.origin, url: doc.location.href, html: html, fields: info,
                   secure: !!win.isSecureContext, iframe: attrs || opts.iframe || {},
                   before: before == null ? (opts.before || 0) : before});
  const frames = doc.querySelectorAll("iframe,frame");
  frames.forEach((fr, i) => {
    let sub = null;
    try { sub = fr.contentDocument; } catch (e) { sub = null; }
    const fv = frameVisible && !whyHidden(fr);
    const pos = framePos.has(fr) ? framePos.get(fr) : reg.length;
    if (sub && sub.documentElement) visitDoc(sub, path.concat([i]), fv, frameAttrs(fr), pos);
    else out.opaque.push({path: path.concat([i]), src: fr.src || "", visible: fv, iframe: frameAttrs(fr), before: pos});
  });
}

visitDoc(document, opts.path || [], opts.visible !== false, null, null);
return out;
