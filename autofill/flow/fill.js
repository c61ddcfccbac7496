// Fills every planned action of ONE frame document in one round trip (execute_async_script).
//
// arguments[0] = {actions: [{i, key, tag, type, name, kind, value, option_index, checked, card}],
//                 top_origin, is_top, card_origins: [..], settle_ms, busy_ms, busy_total_ms, check_only}
// busy_ms: how long one wait for a saving shop may last (busy_total_ms: all of them together).
// check_only: run every check (and focus text fields), fill nothing: ok says the field may be typed into.
// arguments[last] = the WebDriver callback.
// Calls back with [{i, ok, reason, method, retry}] and NEVER with a value: results may be logged.
//
// Why each check: a field may have been swapped or re-typed since extraction (refuse it rather
// than type a card number into the wrong box), or hidden from people (a honeypot, a covered or
// clipped trap, a collapsed step): a person could not fill it, so neither do we.
(function (job, done) {
  "use strict";
  const reg = window.__autofillFields || [];
  // an opaque origin ("null": data:, sandboxed) matches nothing but itself at the top
  const cardOk = job.is_top || (location.origin !== "null" && location.origin === job.top_origin) ||
    (job.card_origins || []).indexOf(location.origin) >= 0;

  function parentOf(n) {
    if (n.parentElement) return n.parentElement;
    const root = n.getRootNode && n.getRootNode();
    return root && root.host ? root.host : null;
  }

  function clipped(cs) {
    if (cs.clip && cs.clip.indexOf("rect(") === 0 && (cs.position === "absolute" || cs.position === "fixed")) {
      const v = (cs.clip.match(/-?[\d.]+px/g) || []).map(parseFloat);
      if (v.length === 4 && (v[2] - v[0] <= 1 || v[1] - v[3] <= 1)) return true;
    }
    const cp = cs.clipPath || "";
    if (/inset\(\s*(5\d|[6-9]\d|100)%/.test(cp) || /circle\(\s*0(px|%)?\s*(at|\))/.test(cp)) return true;
    return false;
  }

  // '' when a person can see and reach `el` at its centre, else why not.
  function hiddenReason(el) {
    if (!el.isConnected) return "detached";
    let opacity = 1;
    for (let n = el; n; n = parentOf(n)) {
      const cs = getComputedStyle(n);
      if (cs.display === "none") return "hidden (display)";
      if (n.getAttribute("aria-hidden") === "true") return "hidden (aria-hidden)";
      if (n.hasAttribute("inert")) return "hidden (inert)";
      opacity *= parseFloat(cs.opacity || "1");
      if (clipped(cs)) return "hidden (clipped)";
      if (n !== el && n.tagName === "DETAILS" && !n.open) {
        const summary = n.querySelector(":scope > summary");
        if (!summary || !summary.contains(el)) return "hidden (closed details)";
      }
    }
    const own = getComputedStyle(el);
    if (own.visibility !== "visible") return "hidden (visibility)";
    if (opacity < 0.1) return "hidden (opacity)";
    el.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return "hidden (size)";
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    if (cx < 0 || cy < 0 || cx >= window.innerWidth || cy >= window.innerHeight) return "off-screen";
    for (let n = parentOf(el); n; n = parentOf(n)) {
      const cs = getComputedStyle(n);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
        const p = n.getBoundingClientRect();
        const w = Math.min(r.right, p.right) - Math.max(r.left, p.left);
        const h = Math.min(r.bottom, p.bottom) - Math.max(r.top, p.top);
        if (w <= 1 || h <= 1) return "hidden (overflow clipped)";
      }
    }
    const root = el.getRootNode();
    const hit = (root && root.elementFromPoint ? root : document).elementFromPoint(cx, cy);
    if (!hit) return "covered";
    if (hit === el || el.contains(hit)) return "";
    const lab = hit.closest ? hit.closest("label") : null;
    if (lab && el.labels && Array.prototype.indexOf.call(el.labels, lab) >= 0) return "";
    return "covered";
  }

  function sameKind(el, a) {
    if (!el || el.nodeType !== 1) return false;
    if (a.widget) {
      // a scripted select's control: still one, of the same kind (its name is its carrier's)
      const role = (el.getAttribute("role") || "").toLowerCase(), popup = (el.getAttribute("aria-haspopup") || "").toLowerCase();
      return (role === "combobox" || popup === "listbox") && (el.tagName === "INPUT") === (a.widget === "combobox");
    }
    if (el.tagName.toLowerCase() !== a.tag) return false;
    if (a.tag === "input" && (el.type || "text").toLowerCase() !== (a.type || "text")) return false;
    return ((el.getAttribute("name") || el.id || "") === (a.name || ""));
  }

  function fire(el, type, Ctor, init) {
    el.dispatchEvent(new (Ctor || Event)(type, Object.assign({bubbles: true, composed: true}, init || {})));
  }

  function focus(el) {
    el.focus({preventScroll: true});
    const root = el.getRootNode();
    if ((root.activeElement || document.activeElement) !== el) {
      fire(el, "focus", FocusEvent, {bubbles: false});
      fire(el, "focusin", FocusEvent);
    }
  }

  function blur(el) {
    const root = el.getRootNode();
    if ((root.activeElement || document.activeElement) === el) el.blur();
    else {
      fire(el, "blur", FocusEvent, {bubbles: false});
      fire(el, "focusout", FocusEvent);
    }
  }

  // Focus runs page code: a field may re-type, rename or hide itself right then (a hostile page
  // turning a name box into a card box). Look again after focusing, before any value goes in.
  function focusAndRecheck(el, a) {
    focus(el);
    if (!sameKind(el, a)) { blur(el); return "field changed at focus"; }
    const why = hiddenReason(el);
    if (why) { blur(el); return why + " at focus"; }
    return "";
  }

  function setText(el, v) {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, "value").set;
    setter.call(el, v);
    fire(el, "input", InputEvent, {inputType: "insertText", data: v});
    fire(el, "change");
    blur(el);
  }

  function digits(s) { return String(s).replace(/\D+/g, ""); }
  function sameText(got, want) {
    if (got === want) return true;
    const g = String(got).trim().toLowerCase().replace(/\s+/g, " ");
    const w = String(want).trim().toLowerCase().replace(/\s+/g, " ");
    if (g === w) return true;
    const dw = digits(want);
    // masks reformat ("4111 1111 …", "(020) 7946…"): same digits and nothing but digits wanted
    return dw.length > 0 && digits(got) === dw && /^[\d\s\-+()./]*$/.test(String(want)) && /^[\d\s\-+()./]*$/.test(String(got));
  }

  // The shop is saving (a choice or an address posted): its form or fieldset is disabled or
  // aria-busy, or a spinner shows. A field disabled now is disabled for a moment, not for good,
  // and a value read back now may not be the one the shop settles on.
  const SPINNERS = '[role="progressbar"], .spinner, .loading-spinner, .loader, [class*="spinner"]';
  function shown(n) {
    if (!n.getClientRects().length) return false;
    const cs = getComputedStyle(n);
    return cs.visibility === "visible" && cs.display !== "none" && parseFloat(cs.opacity || "1") > 0.05;
  }
  function pageBusy() {
    if (Array.prototype.some.call(document.querySelectorAll('form[aria-busy="true"], form fieldset[disabled]'), shown)) return true;
    return Array.prototype.some.call(document.querySelectorAll(SPINNERS), shown);
  }
  // A page that looked busy before anything was done here (a spinner that never goes, a fieldset
  // kept disabled) is not waited for as a whole; a field inside a disabled or busy box still is.
  const busyAtStart = pageBusy();
  function busy(el) {
    if (el && el.closest && el.closest('fieldset[disabled], [aria-busy="true"]')) return true;
    return !busyAtStart && pageBusy();
  }
  let busyLeft = job.busy_total_ms === undefined ? 12000 : job.busy_total_ms;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Until the shop is done saving (true), or the wait's bound is spent (false: it may never end).
  async function idle(el) {
    const until = Date.now() + Math.min(job.busy_ms === undefined ? 5000 : job.busy_ms, busyLeft);
    const start = Date.now();
    while (busy(el)) {
      if (Date.now() >= until) { busyLeft -= Date.now() - start; return false; }
      await sleep(50);
    }
    busyLeft -= Date.now() - start;
    return true;
  }

  const results = [];
  const checks = [];
  async function run() {
  for (const a of job.actions) {
    const res = {i: a.i, ok: false, reason: null, method: "js", retry: false};
    results.push(res);
    const idx = /^\d+$/.test(String(a.key)) ? parseInt(a.key, 10) : -1;
    const el = idx >= 0 ? reg[idx] : null;
    if (!el) { res.reason = "field not found"; continue; }
    if (!job.check_only && busy(el)) await idle(el);
    if (!sameKind(el, a)) { res.reason = "field changed since extraction"; continue; }
    if (a.card && !cardOk) { res.reason = "card data not allowed in this frame"; continue; }
    if (el.disabled) { res.reason = "disabled"; continue; }
    if (a.kind === "text" && el.readOnly) { res.reason = "read-only"; continue; }
    let target = el;
    let why = hiddenReason(el);
    if (why && (a.kind === "checkbox" || a.kind === "radio") && el.labels) {
      // custom-styled boxes hide the native input behind a visible label a person clicks
      for (const lab of el.labels) { if (!hiddenReason(lab)) { target = lab; why = ""; break; } }
    }
    if (why) { res.reason = why; continue; }
    if (job.check_only) {
      // filler.py's real-key retry asks first: same checks, then focus and look again; the field
      // is left focused so the keys that follow raise no second focus event.
      const changed = (a.kind === "checkbox" || a.kind === "radio") ? "" : focusAndRecheck(el, a);
      res.ok = !changed; res.reason = changed || null;
      continue;
    }
    try {
      if (a.kind === "text") {
        const changed = focusAndRecheck(el, a);
        if (changed) { res.reason = changed; continue; }
        setText(el, a.value);
      } else if (a.kind === "select") {
        let k = a.option_index;
        const opt = el.options[k];
        if (!opt || opt.value !== a.value) {
          k = Array.prototype.findIndex.call(el.options, o => o.value === a.value);
          if (k < 0) { res.reason = "option not found"; continue; }
        }
        a.option_index = k;
        const changed = focusAndRecheck(el, a);
        if (changed) { res.reason = changed; continue; }
        el.selectedIndex = k;
        fire(el, "input");
        fire(el, "change");
        blur(el);
      } else if (a.kind === "checkbox" || a.kind === "radio") {
        if (el.checked !== a.checked) target.click();
      }
    } catch (e) {
      res.reason = "script error (" + (e && e.name || "Error") + ")";
      continue;
    }
    checks.push([res, el, a]);
    if (a.kind !== "text") {
      // A choice may make the shop save (and re-render) before the next field can be touched.
      await sleep(job.settle_ms || 0);
      if (busy(el)) await idle(el);
    }
  }
  await sleep(job.settle_ms || 0);
  if (!job.check_only && checks.length && busy(null)) await idle(null);
  for (const [res, el, a] of checks) {
    let ok;
    if (a.kind === "text") ok = sameText(el.value, a.value);
    else if (a.kind === "select") ok = el.selectedIndex === a.option_index;
    else ok = el.checked === a.checked;
    res.ok = ok;
    if (!ok) { res.reason = "value did not stick"; res.retry = true; }
  }
  }
  run().then(() => done(results), (e) => {
    for (const res of results) if (!res.ok && !res.reason) res.reason = "script error (" + (e && e.name || "Error") + ")";
    done(results);
  });
})(arguments[0], arguments[arguments.length - 1]);
