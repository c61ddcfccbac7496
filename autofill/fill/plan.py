"""The fill plan: which field of a page gets which profile value, decided before anything is typed.

Planning is pure (descriptors + classifier output + profile in, actions out) so every rule here is
testable without a browser, and the walk can see up front which required fields nothing in the
profile fits and stop with `blocked` instead of submitting a half-filled form.

Rules (why each exists):
- only fields a person can see: hidden fields are traps or belong to another step;
- never an `unknown` field, except a few checkboxes read from their label (billing-same, terms,
  opt-ins) and the choices a flow cannot pass without (fill/choices.py): the delivery option (the
  profile's `delivery`: a preselected dearer one is changed to the cheapest by default), the payment
  method (the profile's `payment_methods` in order; a page that offers none of them is `refused`),
  and a "same as shipping" / "different billing address" radio pair;
- radios are grouped as a person sees them (extraction's `group`: the name, else the box around
  nameless ones), never each a group of its own;
- card data only where the caller allows it (a cross-origin frame the page did not put there for
  payments gets none);
- values are SecretStr everywhere, with a `display` that is safe to print.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, SecretStr

from ..field import Field
from ..page.descriptor import FieldDescriptor
from ..types import GROUPS, SECRET_TYPES, UNKNOWN
from . import choices as C
from . import values as V
from .profile import Address, Profile

Kind = Literal["text", "select", "checkbox", "radio"]
CARD_TYPES = frozenset(GROUPS["card"])
PHONE_TYPES = frozenset(GROUPS["contact"]) - {"email"}
# Values that are wrong when cut short: better unfilled (and reported) than truncated.
EXACT_TYPES = frozenset({"email", "cc-number", "cc-csc", "cc-exp", "postal-code", "username",
                         "new-password", "current-password"}) | PHONE_TYPES


class FillAction(BaseModel):
    """One thing to do to one field. `value` is the real value (never printed); `display` is safe."""

    model_config = ConfigDict(extra="forbid")

    frame: list[int]
    frame_origin: str = ""
    key: Optional[str]
    index: int
    tag: str
    input_type: str
    name: str
    prediction: str
    section: Optional[str] = None
    part: Optional[int] = None
    kind: Kind
    value: SecretStr
    option_index: Optional[int] = None  # select: the option to pick
    checked: Optional[bool] = None  # checkbox/radio: the state wanted
    secret: bool = False
    display: str
    why: str = ""  # for decisions on unknown fields: "billing same as shipping", "terms", …
    price: Optional[str] = None  # a delivery choice: what the option costs, as read from its text
    payment_method: Optional[str] = None  # a payment choice: the profile's name of the method
    # A scripted widget ("listbox" / "combobox", see page/widgets.py): operated by pointer and
    # keys, its option chosen once open (flow/widgets.py); option_index None: options not yet known.
    widget: Optional[str] = None

    @property
    def is_card(self) -> bool:
        return self.prediction in CARD_TYPES

    def secret_value(self) -> str:
        return self.value.get_secret_value()


class Unfilled(BaseModel):
    """A required visible field the plan leaves empty, and why."""

    frame: list[int]
    key: Optional[str]
    index: int
    name: str
    label: str
    prediction: str
    reason: str


class FillPlan(BaseModel):
    actions: list[FillAction]
    unfilled_required: list[Unfilled]
    # Why the page cannot be passed whatever is filled: it offers payment methods and the profile
    # accepts none of them (the walk stops `blocked` before any possibly-final press).
    refused: Optional[str] = None

    @property
    def blocked(self) -> bool:
        return bool(self.unfilled_required)


# --------------------------------------------------------------------------------------------
# checkbox intents, read from the label text in the languages checkout pages use

_ADDRESSY = r"(address|adresse|adres|direccion|indirizzo|endereco|billing|shipping|delivery|livraison|facturation|rechnung|liefer|envio|facturacion|fatturazione|spedizione|bezorg|factuur)"
_SAME_BILLING = re.compile(
    r"same as (the |my )?(shipping|delivery|billing|above)|(billing|shipping|delivery)( address)? (is |are )?(the )?same"
    r"|billing and (shipping|delivery)( address)? (are )?(the )?same|use (this|my|the) (shipping|delivery) address"
    r"|identi(que|sch|ca|co)|meme adresse|gleich(e)? wie|wie (die )?lieferadresse|misma (direccion|que)"
    r"|igual (a|que)|stess[ao] indirizzo|uguale|(het)?zelfde|samma (adress|som)")
_DIFFERENT_ADDRESS = re.compile(
    r"(ship|deliver|send) to (a )?(different|another) address|(different|another|separate|new) (billing|shipping|delivery) address"
    r"|(billing|shipping|delivery) address (is )?different|adresse( de (livraison|facturation))? differente|autre adresse"
    r"|(abweichende|andere) (liefer|rechnungs)?adresse|(liefer|rechnungs)adresse abweich"
    r"|direccion( de (envio|facturacion))? (diferente|distinta)|otra direccion|indirizzo( di (spedizione|fatturazione))? divers"
    r"|ander(e)? (bezorg|factuur)?adres")
_OPT_OUT = re.compile(
    r"newsletter|marketing|promo|special offer|offers|deals|subscribe|sign me up|keep me (updated|informed|posted)"
    r"|e ?mail me|\bnews\b|updates|save (this |my )?(card|payment|details|information|info|address)"
    r"|remember (me|this|my)|store (my |this )?(card|payment)|create (an |my )?account|register|sign up"
    r"|infolettre|lettre d information|offres|abonner|creer un compte|enregistrer|sauvegarder|memoriser"
    r"|konto (erstellen|anlegen)|kundenkonto|speichern|angebote|boletin|ofertas|suscrib|crear (una )?cuenta"
    r"|guardar|recordar|iscriviti|offerte|crea(re)? (un )?account|salva|ricorda|nieuwsbrief|aanbieding|opslaan"
    r"|account aanmaken|text me|sms")
_TERMS = re.compile(
    r"\b(terms|conditions|t ?c|tos|privacy|policy|agb|geschaftsbedingungen|datenschutz|cgv|cgu|terminos"
    r"|condiciones|termini|condizioni|voorwaarden|villkor|regulamin|i agree|i accept|j accepte|akzeptiere"
    r"|acepto|accetto|ga akkoord)\b")

# A label that says the box opts OUT ("I do not wish to receive offers", "Keine Werbung", "Je ne
# souhaite pas…"): its meaning is the opposite of an opt-in's.
_NEGATED = re.compile(
    r"\b(do not|don ?t|dont|never|no thanks|not|nicht|kein|keine|keinen|ne (\w+ ){0,2}pas|no quiero|no deseo|no acepto"
    r"|non (voglio|desidero)|niet|geen|vill inte|onskar inte|nie chce)\b")

def _text_of(desc: FieldDescriptor) -> str:
    return V.norm(" ".join([desc.label, *desc.labels.values(), desc.name, desc.id]))


def checkbox_intent(desc: FieldDescriptor) -> Optional[str]:
    """What an unknown checkbox is for, from what a person reads next to it."""
    label = V.norm(" ".join([desc.label, *desc.labels.values()]))
    text = _text_of(desc).replace("_", " ")
    for t in (label, text):
        if not t:
            continue
        if _DIFFERENT_ADDRESS.search(t):
            return "different_address"
        if _SAME_BILLING.search(t) and re.search(_ADDRESSY, t):
            return "same_billing"
        if _OPT_OUT.search(t):
            return "opt_out"
        if _TERMS.search(t):
            return "terms"
    return None


def _is_required(desc: FieldDescriptor) -> bool:
    return desc.required or desc.label.rstrip().endswith("*")


# --------------------------------------------------------------------------------------------
# values per field


class _Ctx:
    """What a field's value depends on beyond itself: its split siblings, a country-code box, a
    second address line beside the first."""

    def __init__(self, pairs: Sequence[tuple[FieldDescriptor, Field]]):
        self.groups: dict[tuple, list[tuple[FieldDescriptor, Field]]] = defaultdict(list)
        self.cc_forms: set[tuple] = set()
        self.line2_forms: set[tuple] = set()
        for d, f in pairs:
            if f.part is not None:
                self.groups[self._gkey(d, f)].append((d, f))
            if f.prediction == "tel-country-code":
                self.cc_forms.add((tuple(d.frame), d.form))
            if f.prediction in ("address-line2", "address-line3"):
                self.line2_forms.add((tuple(d.frame), d.form, f.section))
        for g in self.groups.values():
            g.sort(key=lambda p: p[1].part or 0)

    @staticmethod
    def _gkey(d: FieldDescriptor, f: Field) -> tuple:
        return (tuple(d.frame), d.form, f.section, f.prediction)

    def siblings(self, d: FieldDescriptor, f: Field) -> list[tuple[FieldDescriptor, Field]]:
        return self.groups.get(self._gkey(d, f), [(d, f)])

    def has_country_code(self, d: FieldDescriptor) -> bool:
        return (tuple(d.frame), d.form) in self.cc_forms

    def has_line2(self, d: FieldDescriptor, f: Field) -> bool:
        return (tuple(d.frame), d.form, f.section) in self.line2_forms


def _address_for(section: Optional[str], profile: Profile) -> Address:
    return profile.billing_address if section == "billing" else profile.shipping


def _phone_raw(profile: Profile, addr: Address) -> Optional[str]:
    return addr.phone or profile.phone


def _text_value(pred: str, d: FieldDescriptor, f: Field, profile: Profile, addr: Address, ctx: _Ctx) -> Optional[str]:
    """The string for a text box, or None when the profile has nothing that fits."""
    card = profile.card
    if pred == "name":
        return addr.name
    if pred == "given-name":
        return addr.given_name
    if pred == "family-name":
        return addr.family_name
    if pred in ("additional-name", "honorific-prefix", "address-line3", "tel-extension"):
        return None
    if pred == "organization":
        return addr.organization or None
    if pred == "street-address" or (pred == "address-line1" and not ctx.has_line2(d, f)):
        # A single street box ("Street", "Address") is the whole street address: with no second
        # line beside it, "Flat 2" would otherwise never reach the shop.
        sep = "\n" if d.tag == "textarea" else ", "
        return sep.join(x for x in (addr.address_line1, addr.address_line2) if x)
    if pred == "address-line1":
        return addr.address_line1
    if pred == "address-line2":
        return addr.address_line2 or None
    if pred == "address-level2":
        return addr.city
    if pred == "address-level1":
        return V.region_value(addr.region, addr.country, d)
    if pred == "postal-code":
        return addr.postal_code
    if pred == "country":
        return V.country_value(addr.country, d)
    if pred == "email":
        return profile.email
    if pred in PHONE_TYPES:
        raw = _phone_raw(profile, addr)
        p = V.parse_phone(raw, addr.country) if raw else None
        if p is None:
            return None
        sibs = ctx.siblings(d, f)
        return V.phone_value(p, d, pred, part=f.part, parts=len(sibs), has_country_code_field=ctx.has_country_code(d))
    if pred == "username":
        return profile.username or profile.email
    if pred in ("new-password", "current-password"):
        return profile.password.get_secret_value() if profile.password else None
    if card is None:
        return None
    if pred == "cc-name":
        return card.name
    if pred in ("cc-given-name", "cc-family-name"):
        first, _, last = card.name.partition(" ")
        return (first if pred == "cc-given-name" else last) or None
    if pred == "cc-number":
        number = card.number.get_secret_value()
        sibs = ctx.siblings(d, f)
        return V.card_part(number, [s.maxlength for s, _ in sibs], f.part if len(sibs) > 1 else None)
    if pred == "cc-csc":
        return card.csc.get_secret_value()
    if pred == "cc-exp":
        return V.expiry_value(card.exp_month, card.exp_year, d)
    if pred == "cc-exp-month":
        return V.month_value(card.exp_month, d)
    if pred == "cc-exp-year":
        return V.year_value(card.exp_year, d)
    if pred == "cc-type":
        return card.brand
    return None


def _option_index(pred: str, d: FieldDescriptor, f: Field, profile: Profile, addr: Address, ctx: _Ctx) -> Optional[int]:
    opts = d.options
    card = profile.card
    if pred == "country":
        return V.match_country(opts, addr.country)
    if pred == "address-level1":
        return V.match_region(opts, addr.region, addr.country)
    if pred == "tel-country-code":
        raw = _phone_raw(profile, addr)
        p = V.parse_phone(raw, addr.country) if raw else None
        return V.match_country_code(opts, p, addr.country) if p else None
    if pred in ("cc-exp-month", "cc-exp-year", "cc-exp", "cc-type") and card is None:
        return None
    if pred == "cc-exp-month":
        return V.match_month(opts, card.exp_month)
    if pred == "cc-exp-year":
        return V.match_year(opts, card.exp_year)
    if pred == "cc-exp":
        return V.match_expiry(opts, card.exp_month, card.exp_year)
    if pred == "cc-type":
        return V.match_brand(opts, card.brand)
    text = _text_value(pred, d, f, profile, addr, ctx)
    if not text:
        return None
    if pred in PHONE_TYPES:
        return V.match_option(opts, [text, text.lstrip("0")])
    return V.match_option(opts, [text], fuzzy=90)


def _display(pred: str, text: str, profile: Profile) -> str:
    if pred == "cc-number":
        return profile.card.masked if profile.card else "••••"
    if pred in SECRET_TYPES:
        return "•••"
    return text


def _same(current: str, wanted: str) -> bool:
    if current == wanted:
        return True
    if V.norm(current) and V.norm(current) == V.norm(wanted):
        return True
    dc, dw = V.digits(current), V.digits(wanted)
    return bool(dw) and dc == dw and len(dw) >= max(1, len(V.norm(wanted).replace(" ", "")) - 2)


def _action(d: FieldDescriptor, f: Field, kind: Kind, value: str, display: str, *, option_index: Optional[int] = None,
            checked: Optional[bool] = None, why: str = "") -> FillAction:
    return FillAction(
        frame=list(d.frame), frame_origin=d.frame_origin, key=d.key, index=d.index, tag=d.tag,
        input_type=d.input_type, name=d.name or d.id, prediction=f.prediction, section=f.section,
        part=f.part, kind=kind, value=SecretStr(value), option_index=option_index, checked=checked,
        secret=f.prediction in SECRET_TYPES, display=display, why=why, widget=d.widget or None,
    )


def _empty(d: FieldDescriptor) -> bool:
    if d.input_type in ("checkbox", "radio"):
        return not d.checked
    if d.tag == "select":
        sel = [o for o in d.options if o.selected]
        return not d.value.strip() and (not sel or not sel[0].value.strip())
    return not d.value.strip()


def _unfilled(d: FieldDescriptor, f: Field, reason: str) -> Unfilled:
    return Unfilled(frame=list(d.frame), key=d.key, index=d.index, name=d.name or d.id, label=d.label,
                    prediction=f.prediction, reason=reason)


# --------------------------------------------------------------------------------------------


def plan_fill(pairs: Iterable[tuple[FieldDescriptor, Field]], profile: Profile, *, allow_card: bool = True) -> FillPlan:
    """Decide every action for one page (all frames), in document order.

    `allow_card=False` keeps every card type out of the plan (the caller passes it for a
    cross-origin frame the top page did not put there for payments).
    """
    pairs = [(d, f) for d, f in pairs if d.visible]
    pairs.sort(key=lambda p: (p[0].frame, p[0].index))
    ctx = _Ctx(pairs)
    actions: list[FillAction] = []
    unfilled: list[Unfilled] = []
    radio_groups = _radio_groups(pairs)
    refused: list[str] = []

    for d, f in pairs:
        pred = f.prediction
        if pred == UNKNOWN and d.input_type == "radio":
            continue  # decided by group below
        if pred == UNKNOWN and d.tag == "select":
            handled, act, refusal = _select_choice(d, f, profile)
            actions += [act] if act is not None else []
            refused += [refusal] if refusal else []
            if handled:
                continue
        if pred == UNKNOWN:
            if d.input_type == "checkbox":
                handled, act = _checkbox_action(d, f, profile)
                if act is not None:
                    actions.append(act)
                if handled:
                    continue
            if _is_required(d) and _empty(d):
                unfilled.append(_unfilled(d, f, "unknown field"))
            continue
        if pred in CARD_TYPES and not allow_card:
            if _is_required(d) and _empty(d):
                unfilled.append(_unfilled(d, f, "card data not allowed in this frame"))
            continue
        act = _typed_action(d, f, profile, ctx)
        if act is None:
            if _is_required(d) and _empty(d):
                unfilled.append(_unfilled(d, f, "no profile value fits"))
            continue
        if act is not False:
            actions.append(act)

    for group in radio_groups.values():
        handled, act, refusal = _radio_group_action(group, profile)
        if act is not None:
            actions.append(act)
        if refusal:
            refused.append(refusal)
        if not handled and any(_is_required(d) for d, _ in group) and all(not d.checked for d, _ in group):
            d, f = group[0]
            unfilled.append(_unfilled(d, f, "unknown choice"))
    actions.sort(key=lambda a: (a.frame, a.index))
    return FillPlan(actions=actions, unfilled_required=unfilled, refused="; ".join(refused) or None)


def _radio_groups(pairs: Sequence[tuple[FieldDescriptor, Field]]) -> dict[tuple, list[tuple[FieldDescriptor, Field]]]:
    """Unknown radios by the group a person sees them in (extraction's `group`; the name else)."""
    groups: dict[tuple, list[tuple[FieldDescriptor, Field]]] = defaultdict(list)
    for d, f in pairs:
        if f.prediction == UNKNOWN and d.input_type == "radio":
            groups[(tuple(d.frame), d.form, d.group or d.name or d.id)].append((d, f))
    return groups


def _typed_action(d: FieldDescriptor, f: Field, profile: Profile, ctx: _Ctx):
    """The action for a classified field; None when nothing fits, False when already right."""
    pred = f.prediction
    addr = _address_for(f.section, profile)
    if d.widget:
        from .widgets import chosen_as_widget, widget_action

        if chosen_as_widget(d, pred):
            return widget_action(d, f, profile, ctx)
    if d.tag == "select":
        idx = _option_index(pred, d, f, profile, addr, ctx)
        if idx is None:
            return None
        opt = d.options[idx]
        if opt.selected:
            return False
        return _action(d, f, "select", opt.value, _display(pred, opt.text.strip(), profile), option_index=idx)
    if d.input_type in ("checkbox", "radio"):
        text = _text_value(pred, d, f, profile, addr, ctx)
        if not text:
            return None
        own = f"{d.value} {d.label} {' '.join(d.labels.values())}"
        hit = V.brand_matches(own, text) if pred == "cc-type" else V.norm(text) in (V.norm(d.value), V.norm(d.label))
        if not hit:
            return False  # another option of the group is the one
        if d.checked:
            return False
        return _action(d, f, d.input_type, "true", _display(pred, d.label or d.value, profile), checked=True)
    text = _text_value(pred, d, f, profile, addr, ctx)
    if not text:
        return None
    if not V.fits(text, d.maxlength):
        if pred in EXACT_TYPES:
            return None
        text = V.fit(text, d.maxlength)
    if d.value and (d.value == text if pred in SECRET_TYPES else _same(d.value, text)):
        return False
    return _action(d, f, "text", text, _display(pred, text, profile))


def _checkbox_action(d: FieldDescriptor, f: Field, profile: Profile) -> tuple[bool, Optional[FillAction]]:
    """(handled, action): a box we understand but that is already right is handled, no action."""
    intent = checkbox_intent(d)
    if intent is None:
        return False, None
    same = profile.billing == "same"
    want: Optional[bool]
    if intent == "same_billing":
        want, why = same, "billing same as shipping"
    elif intent == "different_address":
        want, why = not same, "different address"
    elif intent == "opt_out":
        # "I do NOT want offers" is ticked to stay out; unticking it would opt the shopper in.
        negated = bool(_NEGATED.search(V.norm(" ".join([d.label, *d.labels.values()]))))
        want, why = negated, "never opt in"
    else:
        want, why = (True if _is_required(d) else None), "accept terms"
    if want is None:
        return False, None
    if bool(d.checked) == want:
        return True, None
    return True, _action(d, f, "checkbox", "true" if want else "false", "checked" if want else "unchecked",
                         checked=want, why=why)


# Generous on purpose: it decides the point of no return, where a false "yes" only makes the walk
# more careful. Substrings, so names like "paymentid" count too.
_PAYMENT_HINT = re.compile(r"payment|pay with|pay by|paiement|zahlung|zahlart|pago|pagamento|betaal|betaling|platnos|betalning")


def payment_choice_made(pairs: Iterable[tuple[FieldDescriptor, Field]]) -> bool:
    """A visible, checked radio of a payment-method group (cash on delivery as much as a card): the
    shopper has chosen how to pay, so the walk is past the point of no return."""
    for d, _f in pairs:
        if d.visible and d.input_type == "radio" and d.checked:
            text = (_text_of(d) + " " + V.norm(_header(d))).replace("_", " ")
            if _PAYMENT_HINT.search(text) or C.payment_method_of(_option_text(d)) not in (None, C.OTHER) \
                    and _group_topic([(d, _f)]) == "payment":
                return True
    return False


def _option_text(d: FieldDescriptor) -> str:
    """What one radio option says about itself: its row or label, with a price or time beside it."""
    if d.choice_text:
        return d.choice_text
    own = [d.labels[k] for k in ("label_for", "label_wrap", "aria_label", "aria_labelledby", "text_after") if k in d.labels]
    return " ".join(dict.fromkeys([d.label, *own])).strip() or d.value


def _words_of(name: str) -> str:
    """An id or name as words: "shippingOptionId" → "shipping Option Id", "payment[method]" → "payment method"."""
    return re.sub(r"[\W_]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", name))


def _header(d: FieldDescriptor) -> str:
    """What labels a whole group: its legend, the heading above it, its name, its form."""
    return " ".join([d.labels.get("legend", ""), d.labels.get("heading", ""), _words_of(d.name), d.form_text])


def _group_topic(group: Sequence[tuple[FieldDescriptor, Field]]) -> Optional[str]:
    d0 = group[0][0]
    return C.group_topic(_header(d0), [_option_text(d) for d, _ in group])


def _choice(d: FieldDescriptor, f: Field, topic: str, pick: "C.Pick", text: str, *, option_index: Optional[int] = None,
            value: str = "true") -> FillAction:
    """The action that makes one choice, carrying what the step's record shows of it."""
    kind: Kind = "select" if option_index is not None else "radio"
    label = re.sub(r"\s+", " ", text).strip()[:120]
    act = _action(d, f, kind, value, label, option_index=option_index, checked=None if option_index is not None else True,
                  why="shipping method" if topic == "delivery" else "payment method")
    act.price = f"{pick.price:.2f}" if pick.price is not None else None
    act.payment_method = pick.method
    return act


def _refusal(profile: Profile, offered: Sequence[str]) -> str:
    return (f"the page offers no payment method the profile accepts ({', '.join(profile.payment_methods)}): "
            f"{C.describe_offer(offered)}")


def _radio_group_action(group: list[tuple[FieldDescriptor, Field]], profile: Profile
                        ) -> tuple[bool, Optional[FillAction], Optional[str]]:
    """(handled, action, refusal) for one group of unknown radios: a billing-address pair kept or
    set as the profile's `billing` says; a delivery option by `delivery`; a payment method by
    `payment_methods` (none accepted: the refusal says why). Not handled: a question the engine
    does not understand, left alone."""
    checked = next((i for i, (d, _) in enumerate(group) if d.checked), None)
    intents = [checkbox_intent(d) for d, _ in group]
    if {"same_billing", "different_address"} & set(intents):
        want = "same_billing" if profile.billing == "same" else "different_address"
        i = intents.index(want) if want in intents else None
        if i is None or i == checked:
            return True, None, None
        d, f = group[i]
        return True, _action(d, f, "radio", "true", d.label or d.value, checked=True,
                             why="billing same as shipping" if want == "same_billing" else "different address"), None
    texts = [_option_text(d) for d, _ in group]
    topic = _group_topic(group)
    if topic == "payment" and not C.offers_payment_methods(texts):
        return False, None, None
    if topic == "payment":
        pick = C.pick_payment(texts, profile.payment_methods)
        if pick.index is None:
            return True, None, _refusal(profile, texts)
    elif topic == "delivery":
        pick = C.pick_delivery(texts, checked, profile.delivery)
    else:
        return False, None, None
    if pick.index is None or pick.index == checked:
        return True, None, None
    d, f = group[pick.index]
    return True, _choice(d, f, topic, pick, texts[pick.index]), None


def _select_choice(d: FieldDescriptor, f: Field, profile: Profile) -> tuple[bool, Optional[FillAction], Optional[str]]:
    """(handled, action, refusal) for an unknown native select that asks for the delivery option or
    the payment method. A delivery select is only judged when its options state a price or a time:
    a list of dates or time slots is not a choice the profile's `delivery` speaks of."""
    real = [(i, o) for i, o in enumerate(d.options) if o.value.strip() and not o.disabled]
    if len(real) < 1:
        return False, None, None
    texts = [o.text for _, o in real]
    header = " ".join([d.label, *d.labels.values(), _words_of(d.name or d.id), d.form_text])
    topic = C.group_topic(header, texts)
    checked = next((k for k, (_, o) in enumerate(real) if o.selected), None)
    if topic == "payment" and C.offers_payment_methods(texts):
        pick = C.pick_payment(texts, profile.payment_methods)
        if pick.index is None:
            return True, None, _refusal(profile, texts)
    elif topic == "delivery" and any(C.delivery_price(t) is not None or C.delivery_days(t) is not None for t in texts):
        pick = C.pick_delivery(texts, checked, profile.delivery)
    else:
        return False, None, None
    if pick.index is None or pick.index == checked:
        return True, None, None
    idx, opt = real[pick.index]
    return True, _choice(d, f, topic, pick, opt.text, option_index=idx, value=opt.value), None
