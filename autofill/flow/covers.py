"""Opaque covers over every place a page shows a secret, for the moment a screenshot is taken.

A page may echo the card number anywhere: a banner ("Card 4111 1111 1111 1111 declined"), an
input the engine never filled but the page set, a title or placeholder, text inside an open shadow
root or a same-origin frame. Covering only the fields the engine filled misses all of those.

The secrets never go to the page. A first script gathers every string the page could be showing
(text nodes, short element texts a secret may be split across, attribute and control values, in
the top document, open shadow roots and same-origin frames) — only those with three digits or
more unless a password is registered; Python decides which hold a secret, with the very maskers
the scrubber uses (`fill/secrets.py`); a second script draws a cover over the client rects of
each chosen node (Range.getClientRects for text), in the top layer so a modal cannot sit above it.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..fill.secrets import any_registered, contains_any, registered_kinds

COVER_COLOUR = (51, 51, 51)  # opaque; tests look for exactly this colour over an echo

_COLLECT = r"""
const allText = arguments[0], skipKeys = arguments[1] || [];
const skip = new Set(skipKeys.map(k => (window.__autofillFields || [])[k]).filter(Boolean));
const worth = allText ? (t => !!t && t.trim() !== '') : (t => !!t && (t.match(/\d/g) || []).length >= 3);
const IGNORE = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE']);
const nodes = [], texts = [];
const add = (node, text, ox, oy) => { nodes.push([node, ox, oy]); texts.push(text); };
function scan(root, ox, oy) {
  const doc = root.ownerDocument || root;
  const tw = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let t = tw.nextNode(); t; t = tw.nextNode()) {
    const p = t.parentNode;
    if (p && IGNORE.has(p.nodeName)) continue;
    if (worth(t.data)) add(t, t.data, ox, oy);
  }
  for (const el of root.querySelectorAll('*')) {
    if (IGNORE.has(el.nodeName)) continue;
    if (!skip.has(el)) {
      for (const a of el.attributes) if (worth(a.value)) add(el, a.value, ox, oy);
      const tag = el.nodeName;
      if ((tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') && worth(el.value)) add(el, el.value, ox, oy);
      if (el.childNodes.length > 1) {  // a secret split across children: <b>4111</b> 1111 …
        const tc = el.textContent;
        if (tc.length <= 300 && worth(tc)) add(el, tc, ox, oy);
      }
    }
    if (el.shadowRoot) scan(el.shadowRoot, ox, oy);
    if (el.nodeName === 'IFRAME' || el.nodeName === 'FRAME') {
      let d = null;
      try { d = el.contentDocument; } catch (e) { d = null; }  // cross-origin: covered whole elsewhere
      if (d && d.documentElement) {
        const r = el.getBoundingClientRect(), cs = el.ownerDocument.defaultView.getComputedStyle(el);
        scan(d, ox + r.left + el.clientLeft + parseFloat(cs.paddingLeft || 0),
             oy + r.top + el.clientTop + parseFloat(cs.paddingTop || 0));
      }
    }
  }
}
scan(document, 0, 0);
window.__autofillCoverCandidates = nodes;
return texts;
"""

_DRAW = r"""
const picks = arguments[0], colour = arguments[1];
const nodes = window.__autofillCoverCandidates || [];
delete window.__autofillCoverCandidates;
const old = document.getElementById('__autofill_covers');
if (old) old.remove();
const host = document.createElement('div');
host.id = '__autofill_covers';
host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;margin:0;padding:0;border:0;' +
  'overflow:visible;background:transparent;z-index:2147483647;pointer-events:none;display:block';
let n = 0;
for (const i of picks) {
  const [node, ox, oy] = nodes[i] || [];
  if (!node || !node.isConnected) continue;
  let rects;
  if (node.nodeType === 3) {
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    rects = range.getClientRects();
  } else {
    rects = node.getClientRects();
  }
  for (const q of rects) {
    if (q.width === 0 && q.height === 0) continue;
    const c = document.createElement('div');
    c.style.cssText = `position:fixed;left:${q.left + ox - 2}px;top:${q.top + oy - 2}px;width:${q.width + 4}px;` +
      `height:${q.height + 4}px;background:${colour};margin:0;padding:0;border:0;display:block`;
    host.appendChild(c);
    n++;
  }
}
document.documentElement.appendChild(host);
if (n && host.showPopover) {  // the top layer: above a modal <dialog> or another popover
  try { host.popover = 'manual'; host.showPopover(); } catch (e) { host.removeAttribute('popover'); }
}
return n;
"""

REMOVE = """
for (const id of ['__autofill_marks', '__autofill_covers']) { const h = document.getElementById(id); if (h) h.remove(); }
delete window.__autofillCoverCandidates;
"""


def draw_secret_covers(driver: Any, skip_keys: Iterable[int] = ()) -> int:
    """Cover every node of the current page that shows a registered secret; the number of
    rectangles drawn. `skip_keys`: fields already covered by a labelled mark."""
    if not any_registered():
        return 0
    texts = driver.execute_script(_COLLECT, "password" in registered_kinds(), list(skip_keys)) or []
    verdict: dict[str, bool] = {}
    picks = []
    for i, text in enumerate(texts):
        if isinstance(text, str):
            if text not in verdict:
                verdict[text] = contains_any(text)
            if verdict[text]:
                picks.append(i)
    return int(driver.execute_script(_DRAW, picks, "rgb({}, {}, {})".format(*COVER_COLOUR)) or 0)
