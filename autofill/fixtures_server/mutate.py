"""Mutation mode of the fixture world: the same shops, with the cues a purchase engine might key on
taken away, so tests can prove guarantees that must hold when the engine does not recognise the
final button or the page kind (SPEC "Guarantees (v2)", issue #8).

`FixtureServer(..., mutation="all")` (or a list of names) passes every HTML page it serves through
`Mutator.page` and maps paths in and out with `Mutator.incoming` / `Mutator.outgoing`:

- `neutral_final`: the order-placing button (the `next` of the step with `place_order: true`) says
  only "Next" / "Submit" / "OK" / "Weiter" / "Suivant" / … in the site's language; its id becomes
  `fx-next`, its name, title, aria-label and value go, classes naming an order-ish word go, and so
  do the enclosing form's; its old wording elsewhere on the page becomes the neutral word too, and
  the legal notice next to it ("Mit Ihrer Bestellung erklären Sie sich …") is removed.
- `neutral_headings`: on the checkout steps (after the cart, before the confirmation) the <title>,
  the h1s and the step's first heading become a neutral word ("Details", "Schritt", "Étape", …),
  and every word naming the review step ("review", "confirm", "summary", "Übersicht",
  "récapitulatif", "riepilogo", …) in text, classes, data attributes and unreferenced ids becomes
  that word too; a button or link naming it ("Continue to review") says the neutral "Next" word.
- `no_progress`: progress bars, breadcrumbs and step lists are removed (a step list that holds the
  form itself keeps only the items with form controls).
- `neutral_urls`: every step after the product page is served as `/s/<n>` (`/checkout/review` →
  `/s/4`): links, form actions and redirects use the neutral path; the old paths still answer.
- `all`: every mutation at once.

A person can still buy: only wording, attributes and decoration change, never fields or forms.
`next_selector` and `served_path` tell a labels-driven walker where things moved.
"""
from __future__ import annotations

import re
import zlib
from typing import Iterable, Optional, Union

import lxml.html
from lxml.cssselect import CSSSelector

from .model import LabelPage, Site

MUTATIONS = ("neutral_final", "neutral_headings", "no_progress", "neutral_urls")
FINAL_ID = "fx-next"

# Neutral words for the final button (English rotates between three, per site).
FINAL_WORDS = {"en": ("Next", "Submit", "OK"), "de": ("Weiter",), "fr": ("Suivant",), "es": ("Siguiente",),
               "it": ("Avanti",), "nl": ("Volgende",), "sv": ("Nästa",), "pl": ("Dalej",), "pt": ("Próximo",)}
HEADING_WORDS = {"en": "Details", "de": "Schritt", "fr": "Étape", "es": "Paso", "it": "Passo", "nl": "Stap",
                 "sv": "Steg", "pl": "Krok", "pt": "Etapa"}

# Words that say "this places the order" in an id, name or class (substring match, lower case).
ORDERISH = ("place", "order", "buy", "pay", "checkout", "submit", "confirm", "conferm", "purchase", "complete",
            "finish", "final", "bestell", "kauf", "commande", "commander", "pedido", "ordine", "compra", "zamow",
            "zamaw", "bestaell", "slutfor", "kop", "betal", "zahl", "pagar", "pagam", "paga", "payer", "achat",
            "acquist", "afreken", "pruef", "agb", "spc")

# Words naming the review step, in every fixture language (text: whole words, any case).
REVIEW_WORDS = re.compile(
    r"\b(?:\w*review\w*|confirm\w*|summary|overview|recap\w*|\w*übersicht|\w*uebersicht|überprüf\w*|prüf\w*|"
    r"bestätig\w*|zusammenfassung|récapitulatif|recapitulatif|vérification|résumé|resumen|revis\w*|"
    r"riepilogo|conferm\w*|controle\w*|controleer|overzicht|bevestig\w*|resumo|podsumowani\w*|potwierd\w*|"
    r"granska\w*|sammanfattning|bekräfta\w*|översikt)\b", re.IGNORECASE | re.UNICODE)
# The same in attribute tokens (classes, ids, data-*), substring match.
REVIEW_TOKENS = ("review", "confirm", "summary", "overview", "recap", "uebersicht", "resumen", "resumo",
                 "riepilogo", "conferm", "podsumowanie", "granska", "controle", "overzicht", "revisao")

# Legal notices next to the final button that say the button orders ("by placing your order …").
NOTICE = re.compile(r"agb|akkoord|einverstanden|voorwaarden|regulamin|akceptuj|terms|conditions|by placing|"
                    r"en passant|en validant|al realizar|confermando|ao finalizar|genom att", re.IGNORECASE)

PROGRESS_CLASSES = ("breadcrumb", "progress", "steps", "stepper", "step-indicator", "checkout-step", "kroki",
                    "pasos", "etapas", "schritte")
CONTROLS = {"input", "select", "textarea", "button", "form", "iframe"}
STEP_KINDS = {"login", "checkout", "shipping", "payment", "review"}


def parse(mutation: Union[None, str, Iterable[str]]) -> frozenset[str]:
    """The set of mutations a `mutation=` option names ("all", one name, a comma list or a list)."""
    if not mutation:
        return frozenset()
    names = [n.strip() for n in mutation.split(",")] if isinstance(mutation, str) else list(mutation)
    out: set[str] = set()
    for name in names:
        if name == "all":
            out.update(MUTATIONS)
        elif name in MUTATIONS:
            out.add(name)
        elif name:
            raise ValueError(f"unknown mutation {name!r} (one of {', '.join(MUTATIONS + ('all',))})")
    return frozenset(out)


def mutable(site: Site) -> bool:
    """Only pages the server renders are mutated; a shop whose pages a script builds
    (`rendered: client`) is served as it is."""
    return getattr(site, "rendered", "server") == "server"


def final_word(site: Site) -> str:
    words = FINAL_WORDS.get(site.language, FINAL_WORDS["en"])
    return words[zlib.crc32(site.site.encode()) % len(words)]


def heading_word(site: Site) -> str:
    return HEADING_WORDS.get(site.language, HEADING_WORDS["en"])


def _orderish(token: str) -> bool:
    low = token.lower()
    return any(w in low for w in ORDERISH)


def _reviewish(token: str) -> bool:
    low = token.lower()
    return any(w in low for w in REVIEW_TOKENS)


def _has_controls(el) -> bool:
    return any(d.tag in CONTROLS for d in el.iter() if isinstance(d.tag, str))


def _set_text(el, text: str) -> None:
    """Replace an element's whole content by one text (children dropped)."""
    for child in list(el):
        el.remove(child)
    el.text = text


def _text_nodes(doc):
    """(element, attribute 'text' or 'tail') for every text node outside script/style."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag not in ("script", "style", "textarea") and el.text:
            yield el, "text"
        parent = el.getparent()
        if el.tail and (parent is None or parent.tag not in ("script", "style", "textarea")):
            yield el, "tail"


class Mutator:
    """Applies the chosen mutations to the pages of every site (see the module docstring)."""

    def __init__(self, mutation: Union[None, str, Iterable[str]]) -> None:
        self.kinds = parse(mutation)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    # --- paths ----------------------------------------------------------------------------
    def _aliases(self, site: Site) -> dict[str, str]:
        """Real step path -> neutral path (empty unless neutral_urls)."""
        if "neutral_urls" not in self.kinds or not mutable(site):
            return {}
        return {s.path: f"/s/{i}" for i, s in enumerate(site.steps) if s.kind != "product"}

    def served_path(self, site: Site, path: str) -> str:
        """Where a step of the site is served (relative to the site root)."""
        return self._aliases(site).get(path, path)

    def incoming(self, site: Site, rest: str) -> str:
        """The real path of a requested path (a neutral alias or the real one)."""
        for real, alias in self._aliases(site).items():
            if rest == alias:
                return real
        return rest

    def _url_pattern(self, site: Site) -> Optional[re.Pattern]:
        aliases = self._aliases(site)
        if not aliases:
            return None
        alts = "|".join(re.escape(p) for p in sorted(aliases, key=len, reverse=True))
        return re.compile(rf"/{re.escape(site.site)}({alts})(?![\w\-./])")

    def _rewrite_urls(self, site: Site, text: str) -> str:
        pattern = self._url_pattern(site)
        if pattern is None:
            return text
        aliases = self._aliases(site)
        return pattern.sub(lambda m: f"/{site.site}{aliases[m.group(1)]}", text)

    def outgoing(self, site: Optional[Site], location: str) -> str:
        """A redirect's Location, with the step path replaced by its neutral alias."""
        return self._rewrite_urls(site, location) if site is not None else location

    # --- pages ----------------------------------------------------------------------------
    def next_selector(self, site: Site, page: LabelPage) -> Optional[str]:
        """The CSS selector of what moves the flow on from `page`, on the mutated page."""
        step = site.step(page.path)
        if page.next and step is not None and step.place_order and "neutral_final" in self.kinds and mutable(site):
            return f"#{FINAL_ID}"
        return page.next

    def page(self, site: Site, path: str, html: str) -> str:
        """The mutated HTML of the page at `path` (the real path, relative to the site root)."""
        if not self.kinds or not mutable(site):
            return html
        step = site.step(path)
        dom = {"neutral_final", "neutral_headings", "no_progress"} & self.kinds
        if step is not None and dom:
            html = self._mutate_dom(site, step, html)
        return self._rewrite_urls(site, html)

    def _mutate_dom(self, site: Site, step, html: str) -> str:
        idx = site.step_index(step.path)
        cart_idx = next((i for i, s in enumerate(site.steps) if s.kind == "cart"), 0)
        checkout_step = step.kind in STEP_KINDS and idx > cart_idx
        if step.kind in ("product", "confirmation"):
            return html
        doc = lxml.html.document_fromstring(html)
        if "neutral_final" in self.kinds and step.place_order:
            self._neutral_final(site, step, doc)
        if "no_progress" in self.kinds:
            self._no_progress(doc)
        if "neutral_headings" in self.kinds:
            if checkout_step:
                self._neutral_headings(site, step, doc)
            self._neutral_review_words(site, doc, html)
        return lxml.html.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode", method="html")

    def _neutral_final(self, site: Site, step, doc) -> None:
        label = next((p for p in site.labels.pages if p.path == step.path), None)
        if label is None or not label.next:
            return
        found = CSSSelector(label.next)(doc)
        if len(found) != 1:  # not in the HTML the server sends (a script builds it): left alone
            return
        button = found[0]
        word = final_word(site)
        old = " ".join((button.get("value") if button.tag == "input" else button.text_content() or "").split())
        if button.tag == "input":
            button.set("value", word)
        else:
            _set_text(button, word)
            button.attrib.pop("value", None)
        button.set("id", FINAL_ID)
        for attr in ("name", "title", "aria-label", "data-testid"):
            button.attrib.pop(attr, None)
        form = next((a for a in button.iterancestors() if a.tag == "form"), None)
        for el in (button, form):
            if el is None:
                continue
            classes = [c for c in (el.get("class") or "").split() if not _orderish(c)]
            if classes:
                el.set("class", " ".join(classes))
            else:
                el.attrib.pop("class", None)
        if form is not None:
            for attr in ("id", "name"):
                if _orderish(form.get(attr, "")):
                    form.attrib.pop(attr)
        # The button's old wording quoted elsewhere ("Door op „Bestellen en betalen” te klikken").
        if old:
            for el, where in list(_text_nodes(doc)):
                text = getattr(el, where)
                if old.lower() in text.lower():
                    setattr(el, where, re.sub(re.escape(old), word, text, flags=re.IGNORECASE))
        # Legal notices that say the button orders.
        for el in list(doc.iter("p", "small")):
            if el.getparent() is not None and not _has_controls(el) and NOTICE.search(el.text_content() or ""):
                el.drop_tree()

    def _no_progress(self, doc) -> None:
        found = []
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            cls = (el.get("class") or "").lower()
            aria = (el.get("aria-label") or "").lower()
            if (any(w in cls for w in PROGRESS_CLASSES) or (el.tag in ("ol", "ul") and "step" in cls)
                    or (el.tag == "nav" and "breadcrumb" in aria) or el.get("role") == "progressbar"
                    or "progress" in aria):
                found.append(el)
        tops = [el for el in found
                if el.tag not in ("html", "body") and not any(a in found for a in el.iterancestors())]
        for el in tops:
            if not _has_controls(el):
                el.drop_tree()
            elif el.tag in ("ol", "ul"):
                for item in list(el):
                    if isinstance(item.tag, str) and not _has_controls(item):
                        item.drop_tree()

    def _neutral_headings(self, site: Site, step, doc) -> None:
        word = heading_word(site)
        for title in doc.iter("title"):
            title.text = f"{word} · {site.title}"
        heads = [h for h in doc.iter("h1")]
        if not heads:  # the step's own heading: the first h2/h3 or element styled as a title
            first = next((h for h in doc.iter() if isinstance(h.tag, str) and (
                h.tag in ("h2", "h3") or re.search(r"(^|[\s_-])(step-title|page-heading|ec-header-h1)\b",
                                                   h.get("class") or ""))), None)
            heads = [first] if first is not None else []
        for h in heads:
            _set_text(h, word)
        if step.title:
            for el in doc.iter():
                if isinstance(el.tag, str) and step.title in (el.get("class") or ""):
                    el.set("class", el.get("class").replace(step.title, word))

    def _neutral_review_words(self, site: Site, doc, raw: str) -> None:
        word = heading_word(site)
        # A button or link naming the review step ("Continue to review", "Vai al riepilogo") becomes
        # a generic "Next" in the site's language: it still leads on, and says no more than that.
        for el in list(doc.iter("button", "a", "input")):
            if el.tag == "input" and (el.get("type") or "").lower() not in ("submit", "button"):
                continue
            text = el.get("value", "") if el.tag == "input" else el.text_content()
            if REVIEW_WORDS.search(text or ""):
                if el.tag == "input":
                    el.set("value", final_word(site))
                else:
                    _set_text(el, final_word(site))
        for el, where in list(_text_nodes(doc)):
            text = getattr(el, where)
            new = REVIEW_WORDS.sub(word, text)
            if new != text:
                setattr(el, where, new)
        for el in doc.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                continue
            for attr in ("placeholder", "aria-label", "title", "alt"):
                if el.get(attr):
                    el.set(attr, REVIEW_WORDS.sub(word, el.get(attr)))
            if el.get("class"):
                classes = [c for c in el.get("class").split() if not _reviewish(c)]
                if classes:
                    el.set("class", " ".join(classes))
                else:
                    el.attrib.pop("class")
            for attr in [a for a in el.attrib if a.startswith("data-")]:
                if _reviewish(el.get(attr)):
                    el.set(attr, word.lower())
            ident = el.get("id")
            if ident and _reviewish(ident) and raw.count(ident) == 1 and ident not in _label_text(site):
                el.set("id", f"fx-{zlib.crc32(ident.encode()):x}")


_LABEL_TEXT: dict[str, str] = {}


def _label_text(site: Site) -> str:
    """Every selector of the site's labels, as one string (ids that must not move)."""
    if site.site not in _LABEL_TEXT:
        _LABEL_TEXT[site.site] = site.labels.model_dump_json()
    return _LABEL_TEXT[site.site]
