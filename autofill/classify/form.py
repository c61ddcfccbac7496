"""The form-level pass: decisions made one field at a time, fixed up with the whole form in view.

Like Firefox's form autofill scanner, it walks the field list in order with look-ahead for split
fields (card number in boxes, phone in parts, expiry month/year), assigns sections and keeps at
most one field of a single-valued type per section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..page.descriptor import FieldDescriptor
from ..types import SINGLE_VALUED, TYPE_GROUP, UNKNOWN
from .decide import Autocomplete, Decision
from .features import option_shape
from .text import normalize

_BILLING = re.compile(r"\b(bill\w*|invoice\w*|factur\w*|rechnung\w*|fattur\w*|factuur\w*|faktur\w*|cobran\w*|"
                      r"payer|payment address|rechnungsadresse|adresse de facturation)\b")
_SHIPPING = re.compile(r"\b(ship\w*|deliver\w*|livraison|liefer\w*|versand\w*|envio|entrega|spedizion\w*|consegna|"
                       r"bezorg\w*|verzend\w*|leverans\w*|wysylk\w*|dostaw\w*|recipient|destinatario)\b")
_CONFIRM = re.compile(r"\b(confirm\w*|repeat\w*|retype|re enter|reenter|again|verify|bestatig\w*|wiederhol\w*|"
                      r"ripeti\w*|conferma\w*|herhaal\w*|bevestig\w*|bekrafta\w*|powtorz\w*|repita|repetir|confirmacion)\b")
_CITY_WORDS = re.compile(r"\b(city|town|ort|ville|ciudad|citta|plaats|stad|miasto|localidad|localite|wohnort)\b")
_POSTAL_WORDS = re.compile(r"\b(zip|postcode|post code|postal|plz|cp|cap|code postal|postleitzahl|postcode)\b")
_COUNTRY_CODE = re.compile(r"\b(country code|prefix|landesvorwahl|indicatif|prefijo|prefisso|landcode|cc)\b")

ADDRESS_GROUPS = frozenset({"name", "company", "address"})


@dataclass(slots=True)
class Decided:
    desc: FieldDescriptor
    ac: Autocomplete
    d: Decision
    prediction: str
    section: Optional[str] = None
    part: Optional[int] = None


def _hint_text(desc: FieldDescriptor) -> str:
    return normalize(f"{desc.name} {desc.id}")


def _section_evidence(x: Decided) -> Optional[str]:
    if x.ac.section:
        return x.ac.section
    ident = _hint_text(x.desc)
    for text in (ident, normalize(x.desc.labels.get("legend", "")), normalize(x.desc.labels.get("heading", "")),
                 normalize(x.desc.form_text), normalize(x.ac.group or "")):
        if not text:
            continue
        b, s = _BILLING.search(text), _SHIPPING.search(text)
        if b and not s:
            return "billing"
        if s and not b:
            return "shipping"
        if b and s:  # "billing and shipping": the first word names the block
            return "billing" if b.start() < s.start() else "shipping"
    return None


def _is_confirmation(desc: FieldDescriptor) -> bool:
    return bool(_CONFIRM.search(normalize(f"{desc.label} {desc.name} {desc.id} {desc.placeholder}")))


def _small(desc: FieldDescriptor, limit: int = 6) -> bool:
    return desc.maxlength is not None and desc.maxlength <= limit


def _unlabelled(desc: FieldDescriptor) -> bool:
    return not any(desc.labels.get(k) for k in ("label_for", "label_wrap", "aria_label", "aria_labelledby")) \
        and not desc.placeholder


_STEM = re.compile(r"[\d\[\]_\-.]+$")


def name_stem(desc: FieldDescriptor) -> str:
    """`cc_number_2`, `card[1]`, `n3` → their common stem: boxes of one split value share it."""
    return _STEM.sub("", desc.name or desc.id)


def _continues(first: FieldDescriptor, nxt: FieldDescriptor) -> bool:
    """A box that continues a split value: no label of its own, or the same name stem and size."""
    if _unlabelled(nxt):
        return True
    stem = name_stem(first)
    return bool(stem) and name_stem(nxt) == stem and nxt.maxlength == first.maxlength


def _same_box(first: FieldDescriptor, nxt: FieldDescriptor) -> bool:
    """A box cut from the same cloth: same name stem, same size, same input type."""
    stem = name_stem(first)
    return bool(stem) and name_stem(nxt) == stem and nxt.maxlength == first.maxlength \
        and nxt.input_type == first.input_type


def _set(x: Decided, t: str, part: Optional[int] = None) -> None:
    x.prediction = t
    x.part = part


def _split_runs(items: list[Decided]) -> None:
    n = len(items)
    i = 0
    while i < n:
        x = items[i]
        p = x.prediction
        # Card number in boxes: a short cc-number box and the short boxes that follow it.
        if p == "cc-number" and _small(x.desc):
            run = [x]
            j = i + 1
            while j < n and len(run) < 5 and items[j].desc.form == x.desc.form and _small(items[j].desc) and \
                    (items[j].prediction == "cc-number" or (items[j].prediction == UNKNOWN and _continues(x.desc, items[j].desc))
                     or items[j].d.source != "autocomplete" and _same_box(x.desc, items[j].desc)):
                run.append(items[j])
                j += 1
            if len(run) >= 2:
                for k, y in enumerate(run, 1):
                    _set(y, "cc-number", k)
                i = j
                continue
        # Phone in parts.
        if p in ("tel", "tel-national", "tel-area-code", "tel-country-code", "tel-local", "tel-local-prefix") and _small(x.desc, 5):
            run = [x]
            j = i + 1
            while j < n and len(run) < 4 and items[j].desc.form == x.desc.form and _small(items[j].desc, 8) and \
                    (items[j].prediction.startswith("tel") or (items[j].prediction == UNKNOWN and _continues(x.desc, items[j].desc))):
                run.append(items[j])
                j += 1
            if len(run) >= 2:
                _phone_parts(run)
                i = j
                continue
        # Expiry as two boxes (inputs or selects) both read as one expiry.
        if p in ("cc-exp", "cc-exp-month") and i + 1 < n and items[i + 1].desc.form == x.desc.form and \
                items[i + 1].prediction in ("cc-exp", "cc-exp-year", "cc-exp-month") and \
                not (p == "cc-exp" and not _small(x.desc, 2) and x.desc.tag == "input"):
            nxt = items[i + 1]
            if not (p == "cc-exp-month" and nxt.prediction == "cc-exp-year"):
                _set(x, "cc-exp-month")
                _set(nxt, "cc-exp-year")
            i += 2
            continue
        i += 1


def _phone_parts(run: list[Decided]) -> None:
    first = run[0]
    first_text = normalize(f"{first.desc.label} {first.desc.name} {first.desc.id} {first.desc.placeholder}")
    if len(run) == 3:
        for k, (y, t) in enumerate(zip(run, ("tel-area-code", "tel-local-prefix", "tel-local-suffix")), 1):
            _set(y, t, k)
    elif len(run) == 2:
        if first.prediction == "tel-country-code" or _COUNTRY_CODE.search(first_text) or first.desc.tag == "select":
            _set(first, "tel-country-code", 1)
            _set(run[1], "tel-national", 2)
        else:
            _set(first, "tel-area-code", 1)
            _set(run[1], "tel-local", 2)
    else:
        for k, y in enumerate(run, 1):
            _set(y, "tel", k)


def _shapes(items: list[Decided]) -> None:
    for x in items:
        p, d = x.prediction, x.desc
        if p in ("address-line1", "address-line2") and d.tag == "textarea" and x.d.source != "autocomplete":
            x.prediction = "street-address"
        elif p == "street-address" and d.tag == "input" and x.d.source != "autocomplete":
            x.prediction = "address-line1"
        elif p == "cc-exp-month" and d.tag == "select" and "opts:years-future" in _opt_tokens(d):
            x.prediction = "cc-exp-year"
        elif p == "cc-exp-year" and d.tag == "select" and "opts:months" in _opt_tokens(d):
            x.prediction = "cc-exp-month"


def _opt_tokens(d: FieldDescriptor) -> list[str]:
    return option_shape(d.options)


def _sections(items: list[Decided]) -> None:
    last_by_form: dict[Optional[int], Optional[str]] = {}
    for x in items:
        group = TYPE_GROUP.get(x.prediction)
        ev = _section_evidence(x)
        if group in ADDRESS_GROUPS:
            sec = ev or last_by_form.get(x.desc.form) or "shipping"
            last_by_form[x.desc.form] = sec
            x.section = sec
        elif group in ("contact", "card"):
            x.section = ev
        else:
            x.section = None


def _dedupe(items: list[Decided]) -> None:
    seen: dict[tuple, Decided] = {}
    for x in items:
        t = x.prediction
        if t not in SINGLE_VALUED or x.part is not None or not x.desc.visible:
            continue
        key = (tuple(x.desc.frame), x.desc.form, x.section, t)
        if key not in seen:
            seen[key] = x
            continue
        prev = seen[key]
        if _is_confirmation(x.desc) or t in ("email", "new-password", "current-password"):
            continue
        # Street lines that follow each other are lines 1, 2, 3.
        if t == "address-line1":
            used = {y.prediction for y in items if y.section == x.section and y.desc.form == x.desc.form}
            x.prediction = "address-line2" if "address-line2" not in used else "address-line3"
            continue
        if t == "postal-code" and _CITY_WORDS.search(normalize(prev.desc.label)) and _POSTAL_WORDS.search(normalize(prev.desc.label)):
            x.prediction = "address-level2"
            continue
        loser = x if x.d.confidence <= prev.d.confidence else prev
        used = {k[3] for k in seen if k[:3] == key[:3]}
        for alt, score in loser.d.alternatives:
            if alt not in used and alt != UNKNOWN and score >= 0.08:
                loser.prediction = alt
                break
        else:
            continue
        if loser is prev:
            seen[key] = x
        seen[key[:3] + (loser.prediction,)] = loser


_BIRTH = re.compile(r"\b(birth\w*|dob|bday|geburt\w*|naissance|nacimiento|nascita|geboorte\w*|fodelse\w*|urodzen\w*|nascimento)\b")


_CARD_START = re.compile(r"\b(valid from|start\w*|issue\w*|member since|gultig ab|valable (du|depuis|a partir)|"
                         r"valida desde|valido dal|valida dal|geldig vanaf|giltig fran|wazna od|valido de|emitida)\b")
_NUMBER_ONLY = re.compile(r"^(number|no|nr|numero|nummer|numer|n|card|carte|karte|tarjeta|carta|kaart|kort|karta|cartao|"
                          r"long number|16 digit number)$")


def _card_start_and_number(items: list[Decided]) -> None:
    """In a card form: a "valid from" date is not the expiry, and a box called only "Number"
    beside the expiry and security code is the card number."""
    card_at = [i for i, x in enumerate(items) if x.prediction in ("cc-csc", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-name")]
    have_number = any(x.prediction == "cc-number" for x in items)
    for i, x in enumerate(items):
        d = x.desc
        if x.d.source == "autocomplete":
            continue
        text = normalize(f"{d.label} {d.name} {d.id}")
        if x.prediction.startswith("cc-exp") and _CARD_START.search(text):
            x.prediction = UNKNOWN
        elif not have_number and x.prediction == UNKNOWN and d.tag == "input" and d.input_type in ("text", "tel", "number") \
                and _NUMBER_ONLY.match(normalize(d.label or d.placeholder)) \
                and any(abs(i - j) <= 4 and items[j].desc.form == d.form for j in card_at):
            x.prediction = "cc-number"
            have_number = True


def _card_dates(items: list[Decided]) -> None:
    """Month and year selects in a form that asks for a card are the card's expiry."""
    card_at = [i for i, x in enumerate(items) if x.prediction in ("cc-number", "cc-csc", "cc-name")]
    for i, x in enumerate(items):
        d = x.desc
        # Close to a card field of the same form: the expiry sits beside the number.
        near = any(abs(i - j) <= 4 and (tuple(items[j].desc.frame), items[j].desc.form) == (tuple(d.frame), d.form)
                   for j in card_at)
        if d.tag != "select" or not near or x.d.source == "autocomplete":
            continue
        if x.prediction not in (UNKNOWN, "cc-exp", "cc-exp-month", "cc-exp-year"):
            continue
        if _BIRTH.search(normalize(f"{d.label} {d.name} {d.id} {d.labels.get('legend', '')}")) \
                or _CARD_START.search(normalize(f"{d.label} {d.name} {d.id}")):
            continue
        shape = _opt_tokens(d)
        if "opts:months" in shape:
            x.prediction = "cc-exp-month"
        elif "opts:years-future" in shape:
            x.prediction = "cc-exp-year"


_NEWSLETTER = re.compile(r"\b(newsletter\w*|subscri\w*|mailing list|sign up for|infolettre|boletin|nieuwsbrief|"
                         r"iscriviti|abonn\w*|nyhetsbrev|biuletyn|inscreva|anmelden)\b")


def _newsletter_forms(items: list[Decided]) -> None:
    """A form of one or two boxes that signs up for a newsletter wants nothing of the order."""
    forms: dict[tuple, list[Decided]] = {}
    for x in items:
        if x.desc.form is not None:
            forms.setdefault((tuple(x.desc.frame), x.desc.form), []).append(x)
    for members in forms.values():
        boxes = [x for x in members if x.desc.input_type not in ("checkbox", "radio")]
        if not boxes or len(boxes) > 2 or not any(x.prediction == "email" for x in boxes):
            continue
        text = normalize(" ".join([members[0].desc.form_text] + [
            f"{x.desc.label} {x.desc.placeholder} {x.desc.labels.get('heading', '')} {x.desc.labels.get('text_before', '')} {x.desc.name}"
            for x in members]))
        if _NEWSLETTER.search(text):
            for x in members:
                if x.d.source != "autocomplete":
                    x.prediction = UNKNOWN


_HONORIFICS = frozenset(normalize(w) for w in (
    "mr mrs ms miss mx dr prof sir madam herr frau divers m mme mlle monsieur madame sr sra srta senor senora "
    "sig signor signora sig ra dhr mevr heer mevrouw pan pani hr fru").split())


def _honorific_selects(items: list[Decided]) -> None:
    """A select offering Mr / Mrs / Herr / Frau / M. / Mme is the honorific prefix."""
    for x in items:
        d = x.desc
        if d.tag != "select" or x.d.source == "autocomplete" or x.prediction not in (UNKNOWN, "name"):
            continue
        texts = [normalize(o.text) for o in d.options if o.text.strip()]
        real = [t for t in texts if t and len(t) <= 12]
        hits = sum(1 for t in real if t in _HONORIFICS)
        if hits >= 2 and hits >= 0.6 * len(real):
            x.prediction = "honorific-prefix"


def form_pass(items: list[Decided]) -> list[Decided]:
    _honorific_selects(items)
    _newsletter_forms(items)
    _card_start_and_number(items)
    _card_dates(items)
    _shapes(items)
    _split_runs(items)
    _sections(items)
    _dedupe(items)
    # Combined "PLZ / Ort" labels: the box after a postal code with such a label is the city.
    for a, b in zip(items, items[1:]):
        if a.prediction == "postal-code" and b.prediction in (UNKNOWN, "postal-code") and _unlabelled(b.desc) \
                and _CITY_WORDS.search(normalize(a.desc.label)) and a.desc.form == b.desc.form:
            b.prediction = "address-level2"
            b.section = a.section
    return items
