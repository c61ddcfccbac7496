// One call: number every element of the body, read what a person sees of the ones that matter
// for a product (text with a digit, buttons, links, images, headings): computed font size and
// weight, struck through or not, visible or not, page coordinates; serialise the DOM; remove
// the numbers again. Returns [html, {index: [fontPx, weight, struck, visible, x, y]}].
return (function () {
  var body = document.body || document.documentElement;
  var all = body.getElementsByTagName('*');
  var info = {};
  var sx = window.scrollX || 0, sy = window.scrollY || 0;
  var WANT = /^(BUTTON|A|INPUT|IMG|H1|H2|H3|DEL|S|STRIKE)$/;
  function ownDigit(e) {
    for (var c = e.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 && /\d/.test(c.nodeValue)) return true;
    }
    return false;
  }
  var marked = [];
  body.setAttribute('data-af-i', 'b');
  for (var i = 0; i < all.length; i++) {
    var e = all[i];
    if (!(WANT.test(e.tagName) || ownDigit(e) || (e.parentElement && ownDigit(e.parentElement)))) continue;
    var id = String(i);
    e.setAttribute('data-af-i', id);
    marked.push(e);
    var cs = window.getComputedStyle(e);
    var r = e.getBoundingClientRect();
    var struck = false;
    for (var a = e; a && a !== body; a = a.parentElement) {
      var d = window.getComputedStyle(a).textDecorationLine || '';
      if (d.indexOf('line-through') >= 0) { struck = true; break; }
    }
    var visible = r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'
      && parseFloat(cs.opacity || '1') > 0.05 && r.right > 0 && r.bottom + sy > 0;
    info[id] = [parseFloat(cs.fontSize) || 16, parseInt(cs.fontWeight, 10) || 400, struck, visible,
                Math.round(r.left + sx), Math.round(r.top + sy)];
  }
  var html = document.documentElement.outerHTML;
  for (var j = 0; j < marked.length; j++) marked[j].removeAttribute('data-af-i');
  body.removeAttribute('data-af-i');
  return [html, info];
})();
