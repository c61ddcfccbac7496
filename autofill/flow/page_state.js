// One snapshot of the page as a person sees it, for the page-kind classifier and the action
// chooser. Run with `return (function(){...})()` semantics: state.py wraps this file.
// Every clickable candidate is registered in window.__autofillActions (top window, global index)
// and in its own frame's window.__autofillActions at the same index, so a click works from the
// top context and a WebElement can be fetched after switching into the frame.
(function (maxText, totalWords, quantityWords) {
  "use strict";
  var CLICKABLE = 'button, input[type=submit], input[type=button], input[type=image], a[href], [role=button], [onclick]';
  var FILLABLE = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), select, textarea';
  var ERRORS = '[role=alert], .error, .errors, .invalid-feedback, .alert-danger, .alert-error, .woocommerce-error, ' +
    '.field-error, .error-message, .error-msg, .message-error, .form-error, .has-error .help-block, .validation-error, ' +
    '.notice-error, .errorMessage, .input-error, [data-error]:not([data-error=""]), ' +
    // Django (errorlist, Oscar's error-block), Magento, ASP.NET, Parsley, Bootstrap's text-danger.
    '.errorlist, .error-block, .mage-error, .field-validation-error, .parsley-errors-list, .text-danger, .errornote';
  var STEPS = 'nav[aria-label*=breadcrumb i], nav[aria-label*=step i], [role=navigation][aria-label*=step i], [class*=breadcrumb], [class*=progress], [class*=steps], [class*=stepper], ' +
    '[class*=step-indicator], [class*=checkout-step], ol[class*=step], ul[class*=step], [class*=nav-checkout], [class*=checkout-nav], ' +
    // A list whose items are named as steps ("step1 active", Oscar's checkout nav).
    'ul:has(> li[class*=step]), ol:has(> li[class*=step])';
  // Total words come from rules/money.yaml, folded like autofill.core.text.fold (see foldText).
  var TOTAL_WORDS = new RegExp("(?<![\\p{L}\\p{N}])(?:" + totalWords + ")(?![\\p{L}\\p{N}])", "u");
  var REQUIRED_MARK = /(^|\s)\*\s*$|\*\s*:?\s*$|\((required|obligatoire|obligatorio|obbligatorio|verplicht|obrigat[óo]rio|wymagane|pflicht\w*|obligatorisk)\)|\b(required|pflichtfeld)\b/i;
  var PLACEHOLDER = /^(|-+|—+|–+|\.\.\.|…|(please )?(select|choose|pick)\b.*|bitte w[äa]hlen.*|(aus)?w[äa]hlen.*|s[ée]lectionne[rz]?\b.*|choisi(r|ssez)\b.*|selecciona(r)?\b.*|elige\b.*|elegir\b.*|seleziona(re)?\b.*|scegli\b.*|selecteer\b.*|kies\b.*|v[äa]lj\b.*|wybierz\b.*|selecione\b.*|escolha\b.*)$/i;
  // An order id in a URL: /invoice/<id>/, ?order=<id>, Shuup's /order/complete/<id>/<key>/ (a word
  // for the state between the word for the order and its id is skipped). Links need 3+ characters;
  // the page's own URL may carry a short one (/order/complete/7/…).
  var ORDER_LINK = /(?:order|orders|invoice|receipt|bestellung|commande|pedido|ordine|zamowienie|order-received|view-order)(?:[\/=_-]+(?:complete|completed|received|confirmation|confirmed|success|thank-?you|thanks|view|details?|status))?[\/=_-]+(?:#)?([A-Z0-9][A-Z0-9_-]{0,30})/i;
  function foldText(s) {
    return (s || "").toLowerCase().replace(/ł/g, "l").replace(/ø/g, "o").replace(/ß/g, "ss").replace(/æ/g, "ae").replace(/œ/g, "oe")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[\s\u00a0]+/g, " ").trim();
  }
  var MONEY = /(?:\b(?:US|CA|AU|NZ|HK|SG|C|A|S)\$|[€£$¥₹]|\b(?:USD|EUR|GBP|CHF|SEK|NOK|DKK|PLN|CAD|AUD|BRL)\b|R\$|zł|\bkr\b)\s?-?\d[\d.,\u00a0\u202f ']*\d|\b\d[\d.,\u00a0\u202f ']*\d?\s?(?:[€£$¥₹]|\b(?:USD|EUR|GBP|CHF|SEK|NOK|DKK|PLN|CAD|AUD|BRL)\b|zł|kr\b|:-)/;
  var ORDER_NO = /(?:\border(?:nummer|nr\.?)|\border\s*(?:number|no\.?|nr\.?|id|reference|ref\.?)?\s*[:#]?|bestell(?:nummer|nr\.?)|bestellung\s*(?:nr\.?|#)|num[ée]ro\s+de\s+commande|r[ée]f[ée]rence\s+de\s+(?:la\s+|votre\s+)?commande|commande\s*(?:n[°ºo]\.?|#)|n[°º]\s*de\s+commande|n[úu]mero\s+de\s+pedido|pedido\s*(?:n[°ºo]\.?|#|nr\.?)|n[úu]mero\s+d[oae]\s+(?:pedido|encomenda)|encomenda\s*(?:n[°ºo]\.?|#)|numero\s+(?:d['’]\s*)?ordine|unter\s+der\s+(?:auftrags|bestell)?nummer|auftrags(?:nummer|nr\.?)|ordre(?:nummer|nr\.?)|tilausnumero|objedn[áa]vka\s*(?:[čc]\.|#)|sipari[şs]\s*no|ordine\s*(?:n[°ºo]\.?|#|nr\.?)|bestelnummer|numer\s+zam[óo]wienia|zam[óo]wienie\s*(?:nr\.?|#)|ordernummer)\s*(?:is|est|ist|lautet|es|è|är|wynosi|é)?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-_/.]{2,}[A-Z0-9])/gi;

  function moneyCount(s) {
    return (s.match(new RegExp(MONEY.source, "g")) || []).length;
  }
  // A table's column headings ("Product | Total") name columns, not an amount.
  function columnHeader(el) {
    var row = el.tagName === "TR" ? el : el.closest("tr");
    if (!row || (el.tagName !== "TR" && el.tagName !== "TH" && !el.closest("th"))) return false;
    if (row.closest("thead")) return true;
    var cells = row.children;
    for (var i = 0; i < cells.length; i++) if (cells[i].tagName !== "TH") return false;
    return cells.length > 1;
  }
  function clean(s, n) {
    s = (s || "").replace(/[\s\u00a0\u200b]+/g, " ").trim();
    return n && s.length > n ? s.slice(0, n) : s;
  }
  // Elements of a root in tree order, descending into open shadow roots.
  function allElements(root, out) {
    var w = (root.ownerDocument || root).createTreeWalker(root, 1 /* SHOW_ELEMENT */);
    var n = w.nextNode();
    while (n) {
      out.push(n);
      if (n.shadowRoot) allElements(n.shadowRoot, out);
      n = w.nextNode();
    }
    return out;
  }
  function styleVisible(el) {
    if (el.checkVisibility) {
      if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true, contentVisibilityAuto: true})) return false;
    } else {
      for (var e = el; e && e.nodeType === 1; e = e.parentElement || (e.getRootNode && e.getRootNode().host)) {
        var cs = getComputedStyle(e);
        if (cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse" || parseFloat(cs.opacity) === 0) return false;
      }
    }
    return true;
  }
  // Cheap visibility for text-bearing elements (headings, errors): style and size only.
  function seen(el) {
    if (!styleVisible(el)) return false;
    var r = el.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1;
  }
  // Strict visibility, as a person: styled visible, big enough, reachable by scrolling, not covered.
  function strictVisible(el, frameVisible) {
    if (!frameVisible || !styleVisible(el)) return false;
    var doc = el.ownerDocument, win = doc.defaultView;
    var r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    var docW = Math.max(doc.documentElement.scrollWidth, win.innerWidth);
    var docH = Math.max(doc.documentElement.scrollHeight, win.innerHeight);
    var left = r.left + win.scrollX, top = r.top + win.scrollY;
    if (left + r.width <= 0 || top + r.height <= 0 || left >= docW || top >= docH) return false;
    var clip = doc.defaultView.getComputedStyle(el).clipPath;
    if (clip && /inset\(50%|circle\(0/.test(clip)) return false;
    // Covered: probe the centre and four inset points; any point that lands on the element counts.
    var sx = win.scrollX, sy = win.scrollY, scrolled = false;
    var cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    if (cx < 0 || cy < 0 || cx >= win.innerWidth || cy >= win.innerHeight) {
      win.scrollTo(Math.max(0, left + r.width / 2 - win.innerWidth / 2), Math.max(0, top + r.height / 2 - win.innerHeight / 2));
      scrolled = true;
      r = el.getBoundingClientRect();
    }
    var root = el.getRootNode && el.getRootNode().elementFromPoint ? el.getRootNode() : doc;
    var pts = [[0.5, 0.5], [0.2, 0.5], [0.8, 0.5], [0.5, 0.25], [0.5, 0.75]];
    var hit = false, probed = false;
    for (var i = 0; i < pts.length && !hit; i++) {
      var x = r.left + r.width * pts[i][0], y = r.top + r.height * pts[i][1];
      if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) continue;
      probed = true;
      var h = root.elementFromPoint(x, y);
      if (h && (h === el || el.contains(h))) hit = true;
      // A label or a wrapper that forwards the click to this control also counts.
      else if (h && h.control === el) hit = true;
    }
    if (scrolled) win.scrollTo(sx, sy);
    return hit || !probed;
  }
  function elementText(el) {
    var t = "";
    if (el.tagName === "INPUT") t = el.value || "";
    else t = el.innerText || el.textContent || "";
    t = clean(t, 200);
    if (!t) t = clean(el.getAttribute("aria-label") || el.getAttribute("title") || el.getAttribute("alt") || "", 200);
    if (!t) {
      var img = el.querySelector && el.querySelector("img[alt], svg[aria-label], [aria-label]");
      if (img) t = clean(img.getAttribute("alt") || img.getAttribute("aria-label") || "", 200);
    }
    if (!t && el.tagName === "INPUT" && el.type === "submit") t = "Submit";
    return t;
  }
  // id and class tokens of the element's surroundings: "coupon", "express-checkout", "social-login".
  function context(el) {
    var parts = [];
    var e = el.parentElement || (el.getRootNode && el.getRootNode().host);
    for (var d = 0; e && d < 6; d++) {
      var bits = [];
      if (e.id) bits.push(e.id);
      if (typeof e.className === "string" && e.className) bits.push(e.className);
      var al = e.getAttribute && e.getAttribute("aria-label");
      if (al) bits.push(al);
      if (e.tagName === "FORM") { bits.push(e.getAttribute("name") || "", e.getAttribute("action") || ""); }
      if (bits.length) parts.push(bits.join(" "));
      e = e.parentElement || (e.getRootNode && e.getRootNode().host);
    }
    return clean(parts.join(" | "), 300);
  }
  // Where a control sits, for telling an add-to-cart by its place whatever it says: its form, else
  // the small block around it (up to 3 levels while the text stays short).
  var QUANTITY = new RegExp("(?:^|[^a-z])(?:" + (quantityWords || "(?!x)x") + ")(?:$|[^a-z])");
  function neighbourhood(el) {
    var form = el.form || el.closest("form");
    if (form) return form;
    var box = el.parentElement;
    for (var d = 0; box && box.parentElement && d < 2; d++) {
      var up = box.parentElement;
      if (up === el.ownerDocument.body || clean(up.innerText || "", 700).length > 600) break;
      box = up;
    }
    return box;
  }
  // The block holds a visible quantity box (a number input, a spinbutton, or a box named like one).
  function besideQuantity(box) {
    if (!box) return false;
    var boxes = box.querySelectorAll("input:not([type=hidden]):not([type=submit]):not([type=button]), select, [role=spinbutton]");
    for (var i = 0; i < boxes.length && i < 30; i++) {
      var q = boxes[i];
      if (!seen(q) && !(q.tagName === "INPUT" && q.type === "number")) continue;
      if ((q.getAttribute("type") || "").toLowerCase() === "number" || q.getAttribute("role") === "spinbutton") return true;
      if (QUANTITY.test(foldText([q.getAttribute("name"), q.id, q.getAttribute("aria-label")].join(" ")))) return true;
    }
    return false;
  }
  // Class and symbol names of the icon inside a control ("fa fa-shopping-cart", "#icon-bag").
  function iconTokens(el) {
    var parts = [];
    var icons = el.querySelectorAll("svg, i, use, img, [class*=icon]");
    for (var i = 0; i < icons.length && i < 4; i++) {
      var ic = icons[i];
      var cls = ic.getAttribute("class") || "";
      var ref = ic.getAttribute("href") || ic.getAttribute("xlink:href") || "";
      var src = ic.tagName === "IMG" ? (ic.getAttribute("src") || "").split("/").pop().split(".")[0] : "";
      parts.push(cls, ref, src, ic.getAttribute("data-icon") || "");
    }
    return clean(parts.join(" "), 200);
  }
  function samePage(el) {
    var href = el.getAttribute("href") || "";
    if (!href || href.charAt(0) === "#" || /^javascript:/i.test(href)) return false;
    try { return new URL(href, el.ownerDocument.baseURI).href.split("#")[0] === el.ownerDocument.location.href.split("#")[0]; }
    catch (e) { return false; }
  }

  // A list of steps numbered "1. Addresses", "2. Shipping & Payment", "3. Confirmation" (Shuup's
  // phase bar): a progress indicator whatever its classes.
  function numberedList(el) {
    if (el.tagName !== "UL" && el.tagName !== "OL") return false;
    var items = el.children;
    if (items.length < 2 || items.length > 10) return false;
    for (var i = 0; i < items.length; i++) {
      var m = clean(items[i].innerText || "", 80).match(/^(\d+)\s*[.):]?\s+\S/);
      if (!m || +m[1] !== i + 1) return false;
    }
    return true;
  }
  // The step is a link to another page of the shop: that page exists now, before any order (the
  // page an order leads to carries the order and cannot be linked in advance).
  function linksAhead(it) {
    var a = it.tagName === "A" ? it : it.querySelector("a[href]");
    if (!a) return false;
    var href = a.getAttribute("href") || "";
    if (!href || href.charAt(0) === "#" || /^javascript:/i.test(href)) return false;
    return !samePage(a);
  }

  function submitsForm(el) {
    var f = el.form;
    if (!f) return false;
    if (el.tagName === "BUTTON") return (el.getAttribute("type") || "submit").toLowerCase() === "submit";
    return el.tagName === "INPUT" && (el.type === "submit" || el.type === "image");
  }

  // The text a person reads as a control's label: aria-labelledby, label[for], a wrapping label,
  // else the nearest text just before it in its container.
  function labelText(el, doc) {
    var ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    var parts = ids.map(function (id) { var l = doc.getElementById(id); return l ? l.innerText || l.textContent || "" : ""; });
    if (!parts.join("").trim() && el.id) {
      try { var lf = doc.querySelector('label[for="' + CSS.escape(el.id) + '"]'); if (lf) parts.push(lf.innerText || ""); } catch (e) {}
    }
    if (!parts.join("").trim() && el.closest) { var wl = el.closest("label"); if (wl) parts.push(wl.innerText || ""); }
    if (!parts.join("").trim()) parts.push(el.getAttribute("aria-label") || "");
    if (!parts.join("").trim()) {
      for (var p = el, d = 0; p && d < 3 && !parts.join("").trim(); d++, p = p.parentElement) {
        for (var s = p.previousElementSibling; s; s = s.previousElementSibling) {
          var t = clean(s.innerText || "", 80);
          if (t) { parts.push(t); break; }
        }
      }
    }
    return clean(parts.join(" "), 120);
  }
  // A control the page requires that is still empty: native constraints, aria-required, a required
  // marker in its label, and listbox/combobox/radiogroup widgets whose value is still a placeholder.
  var radioSeen = new Set();
  function requiredEmpty(el, doc, path, forms) {
    var tag = el.tagName, type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "INPUT" && /^(hidden|submit|button|image|reset|file)$/.test(type)) return;
    if (el.disabled || el.getAttribute("aria-disabled") === "true" || !seen(el)) return;
    var label = labelText(el, doc);
    var req = el.required || el.getAttribute("aria-required") === "true" || REQUIRED_MARK.test(label);
    var role = (el.getAttribute("role") || "").toLowerCase(), empty = false, how = "";
    if (tag === "INPUT" && (type === "radio")) {
      var key = (el.form ? forms.indexOf(el.form) : -1) + "|" + (el.name || "");
      if (!el.name || radioSeen.has(key)) return;
      radioSeen.add(key);
      var group = doc.querySelectorAll('input[type=radio][name="' + CSS.escape(el.name) + '"]');
      var any = false, reqAny = false;
      for (var g = 0; g < group.length; g++) { if (group[g].checked) any = true; if (group[g].required) reqAny = true; }
      req = req || reqAny; empty = !any; how = "radio";
    } else if (tag === "INPUT" && type === "checkbox") {
      // A marker in the label alone does not require a tick; a wrapper classed "required" (Django's
      // form rendering) does, as the native attribute.
      var wrapped = el.parentElement && (/(^|\s)required(\s|$)/.test(el.parentElement.className || "") ||
        (el.parentElement.parentElement && /(^|\s)required(\s|$)/.test(el.parentElement.parentElement.className || "")));
      if (!el.required && el.getAttribute("aria-required") !== "true" && !wrapped) return;
      empty = !el.checked; how = "checkbox";
    } else if (tag === "SELECT") {
      var choosable = false;
      for (var oi = 0; oi < el.options.length && !choosable; oi++) choosable = !!el.options[oi].value.trim() && !el.options[oi].disabled;
      if (!choosable) return;  // "(not applicable)" only: nothing a person could choose
      var o = el.options[el.selectedIndex];
      empty = el.selectedIndex < 0 || !el.value.trim() || (o && o.disabled); how = "select";
    } else if (tag === "INPUT" || tag === "TEXTAREA") {
      if (role === "combobox" && !req) return;
      empty = !(el.value || "").trim(); how = role === "combobox" ? "combobox" : "text";
    } else if (role === "radiogroup") {
      empty = !el.querySelector('[aria-checked=true], [aria-selected=true], input:checked, [data-state=checked], [data-checked]');
      how = "radiogroup";
    } else {
      // A button-style combobox/listbox trigger: empty while its hidden value is empty or it shows a placeholder.
      if (el.closest("[role=listbox]") && role !== "listbox") return;
      var hidden = null, box = el.parentElement;
      for (var lv = 0; box && lv < 3 && !hidden; lv++, box = box.parentElement) {
        hidden = box.querySelector('input[type=hidden], select[aria-hidden=true], select[tabindex="-1"]');
      }
      var shown = clean(el.innerText || el.textContent || "", 80);
      if (el.hasAttribute("data-placeholder") || el.getAttribute("aria-placeholder")) empty = true;
      else if (hidden && hidden.tagName === "INPUT") empty = !(hidden.value || "").trim();
      else if (hidden && hidden.tagName === "SELECT") empty = !hidden.value;
      else empty = PLACEHOLDER.test(shown) || (label && foldText(shown) === foldText(label.replace(/\*/g, "")));
      if (hidden && hidden.required) req = true;
      how = "widget";
    }
    if (!req || !empty) return;
    var form = el.form || el.closest("form");
    res.required_empty.push({label: label || el.getAttribute("name") || el.id || how, how: how, frame: path,
      form: form ? forms.indexOf(form) : null, form_submits: !!(form && form.querySelector("button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]"))});
  }

  var top = window;
  top.__autofillActions = [];
  var res = {
    url: location.href, title: clean(document.title, 300), lang: document.documentElement.lang || "",
    h1: [], h2: [], h3: [], text: "", steps: [], clickables: [], errors: [], totals: [],
    order_number: null, field_count: 0, password_count: 0, frames: 0,
    currency_hints: [], order_links: [], required_empty: []
  };
  var textParts = [], textLen = 0, seenErr = new Set(), seenTot = new Set(), seenStep = new Set();

  function visitDoc(doc, path, offX, offY, frameVisible) {
    var win = doc.defaultView;
    win.__autofillActions = [];
    if (doc.body && textLen < maxText) {
      var t = clean(doc.body.innerText, maxText - textLen);
      if (t) { textParts.push(t); textLen += t.length + 1; }
    }
    var els = allElements(doc.documentElement, []);
    var forms = Array.prototype.slice.call(doc.forms);
    var formFields = new Map();
    for (var i = 0; i < els.length; i++) {
      var el = els[i], tag = el.tagName;
      if (el.matches(FILLABLE)) {
        var vis = frameVisible && seen(el);
        if (vis) {
          res.field_count++;
          if (tag === "INPUT" && el.type === "password") res.password_count++;
          if (el.form) formFields.set(el.form, (formFields.get(el.form) || 0) + 1);
        }
        if (el.getAttribute("aria-invalid") === "true" && vis) {
          var ids = (el.getAttribute("aria-errormessage") || "") + " " + (el.getAttribute("aria-describedby") || "");
          ids.split(/\s+/).forEach(function (id) {
            if (!id) return;
            var m = doc.getElementById(id);
            var mt = m ? clean(m.innerText || m.textContent, 300) : "";
            if (mt && !seenErr.has(mt)) { seenErr.add(mt); res.errors.push(mt); }
          });
        }
      }
      if (tag === "H1" || tag === "H2" || tag === "H3") {
        if (frameVisible && seen(el)) { var ht = clean(el.innerText, 200); if (ht) res[tag.toLowerCase()].push(ht); }
      }
    }
    for (i = 0; i < els.length; i++) {
      el = els[i]; tag = el.tagName;
      if (el.matches(ERRORS) && frameVisible && seen(el)) {
        var et = clean(el.innerText, 300);
        if (et && !seenErr.has(et)) { seenErr.add(et); res.errors.push(et); }
      }
      if ((el.matches(STEPS) || numberedList(el)) && frameVisible && seen(el) && !el.closest("a, button, li")) {
        var items = el.querySelectorAll("li");
        if (!items.length) items = el.children;
        for (var k = 0; k < items.length && k < 12; k++) {
          var it = items[k];
          if (!seen(it)) continue;
          var st = clean(it.innerText, 80);
          if (!st || seenStep.has(st)) continue;
          seenStep.add(st);
          var cur = !!(it.getAttribute("aria-current") || it.querySelector("[aria-current]:not([aria-current=false])") ||
            /(^|[\s_-])(active|current|is-active|is-current|selected|here)($|[\s_-])/i.test((it.className && it.className.baseVal === undefined ? it.className : "") || ""));
          res.steps.push({text: st, current: cur, linked: linksAhead(it)});
        }
      }
      if (el.getAttribute("aria-current") && el.getAttribute("aria-current") !== "false" && frameVisible && seen(el)) {
        var ct = clean(el.innerText, 80);
        if (ct && !seenStep.has(ct) && !el.closest("nav:not([aria-label*=breadcrumb i]):not([class*=step]):not([class*=progress])")) {
          seenStep.add(ct); res.steps.push({text: ct, current: true});
        }
      }
      if (el.childElementCount <= 3 && frameVisible) {
        var own = clean(el.innerText || "", 200);
        // A label+amount row, possibly with a note ("Total (incl. tax $0.00) $24.00"); a whole summary
        // block is not one (Python reads the row: autofill.core.money.read_total).
        if (own && own.length <= 160 && TOTAL_WORDS.test(foldText(own)) && moneyCount(own) <= 3 && !columnHeader(el) && seen(el)) {
          var amount = (own.match(MONEY) || [])[0];
          var holder = el;
          for (var up = 0; !amount && up < 3 && holder.parentElement; up++) {
            holder = holder.parentElement;
            var ptxt = clean(holder.innerText || "", 200);
            if (ptxt.length > 160 || moneyCount(ptxt) > 1) break;  // climbing into a block of several amounts
            amount = (ptxt.match(MONEY) || [])[0];
            if (amount) own = ptxt;
          }
          if (!amount && el.nextElementSibling) {
            var sib = clean(el.nextElementSibling.innerText, 60);
            amount = (sib.match(MONEY) || [])[0];
            if (amount) own = own + " " + sib;
          }
          if (amount) {
            var key = own + "|" + amount;
            if (!seenTot.has(key)) { seenTot.add(key); res.totals.push({label: own, amount: clean(amount, 40)}); }
          }
        }
      }
      if (frameVisible && el.matches(FILLABLE + ", [role=combobox], [aria-haspopup=listbox], [role=radiogroup]")) requiredEmpty(el, doc, path, forms);
      if (tag === "A" && frameVisible) {
        var href = el.getAttribute("href") || "";
        var om2 = href.match(ORDER_LINK);
        if (om2 && /\d/.test(om2[1]) && om2[1].length >= 3 && res.order_links.length < 10) res.order_links.push(om2[1]);
      }
      if (el.matches(CLICKABLE)) {
        var r = el.getBoundingClientRect();
        var form = el.form || el.closest("form");
        var fi = form ? forms.indexOf(form) : -1;
        var idx = top.__autofillActions.length;
        var vis = strictVisible(el, frameVisible), near = null, nearText = "";
        if (vis) { near = neighbourhood(el); nearText = near ? clean(near.innerText || "", 600) : ""; }
        top.__autofillActions.push(el);
        win.__autofillActions[idx] = el;
        res.clickables.push({
          index: idx, frame: path, text: elementText(el), tag: tag.toLowerCase(),
          type: (el.getAttribute("type") || "").toLowerCase(), role: el.getAttribute("role") || "",
          id: el.id || "", name: el.getAttribute("name") || "",
          class_name: typeof el.className === "string" ? clean(el.className, 200) : "",
          href: tag === "A" ? (el.getAttribute("href") || "") : "",
          aria_label: clean(el.getAttribute("aria-label") || "", 200), title: clean(el.getAttribute("title") || "", 200),
          form: fi >= 0 ? fi : null, form_fields: form ? (formFields.get(form) || 0) : 0,
          submits_form: submitsForm(el), context: context(el),
          in_shadow: el.getRootNode() !== doc,
          visible: vis,
          beside_quantity: !!near && besideQuantity(near),
          beside_price: !!nearText && MONEY.test(nearText),
          icon: iconTokens(el),
          same_page: tag === "A" && samePage(el),
          disabled: !!(el.disabled || el.getAttribute("aria-disabled") === "true" || el.closest("fieldset[disabled]")),
          box: {x: r.left + offX + top.scrollX, y: r.top + offY + top.scrollY, width: r.width, height: r.height}
        });
      }
    }
    // in_fill_form: the form holds visible fillable fields (filled in the two passes above).
    var frames = doc.querySelectorAll("iframe, frame");
    for (var f = 0; f < frames.length; f++) {
      var fr = frames[f], sub = null;
      try { sub = fr.contentDocument; } catch (e) { sub = null; }
      if (!sub || !sub.documentElement) continue;
      res.frames++;
      var fr_r = fr.getBoundingClientRect();
      visitDoc(sub, path.concat([f]), offX + fr_r.left + fr.clientLeft, offY + fr_r.top + fr.clientTop, frameVisible && seen(fr));
    }
  }
  visitDoc(document, [], 0, 0, true);
  res.text = textParts.join("\n").slice(0, maxText);
  // Currency codes the page declares or prints beside an amount: they settle an ambiguous "$" or "kr".
  var hints = new Set();
  document.querySelectorAll('[itemprop=priceCurrency], meta[property$="price:currency"]').forEach(function (m) {
    var c = (m.getAttribute("content") || m.textContent || "").trim(); if (/^[A-Z]{3}$/.test(c)) hints.add(c);
  });
  document.querySelectorAll('script[type="application/ld+json"]').forEach(function (sc) {
    var re = /"priceCurrency"\s*:\s*"([A-Z]{3})"/g, mm;
    while ((mm = re.exec(sc.textContent || "")) !== null) hints.add(mm[1]);
  });
  var cre = /\b([A-Z]{3})\s?[$€£¥\d]|\d\s?([A-Z]{3})\b/g, cm;
  while ((cm = cre.exec(res.text)) !== null) hints.add(cm[1] || cm[2]);
  res.currency_hints = Array.from(hints).slice(0, 10);
  var um = decodeURIComponent(location.pathname + location.search).match(ORDER_LINK);
  if (um && /\d/.test(um[1])) res.order_links.unshift(um[1]);
  var om;
  while ((om = ORDER_NO.exec(res.text)) !== null) {
    if (/\d/.test(om[1])) { res.order_number = om[1]; break; }
    if (om.index === ORDER_NO.lastIndex) ORDER_NO.lastIndex++;
  }
  return res;
})
