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
from typing import Iterable, Optional, Sequence

from ..field import Field
from ..page.descriptor import FieldDescriptor
from ..types import SECRET_TYPES, UNKNOWN
from . import choices as C
from . import values as V
from .profile import Profile
from .fit import (CARD_TYPES, EXACT_TYPES, FillAction, FillPlan, Kind, Unfilled, _action,  # noqa: F401
                  _address_for, _Ctx, _display, _empty, _is_required, _option_index, _same, _text_value, _unfilled)


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


# --------------------------------------------------------------------------------------------
# values per field


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
        if pred == UNKNOWN and d.tag == "select" and d.widget and not d.options:
            act = _widget_choice(d, f)
            if act is not None:
                actions.append(act)
                continue
        if pred == UNKNOWN and d.tag == "select" and profile.variants and d.options:
            handled, act = _variant_choice(d, f, profile)
            if handled:
                actions += [act] if act is not None else []
                continue
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


def _select_header(d: FieldDescriptor) -> str:
    """What asks a select's (or a select-like widget's) question: its own labels, name and form."""
    return " ".join([d.label, *d.labels.values(), _words_of(d.name or d.id), d.form_text])


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


def variant_wanted(d: FieldDescriptor, profile: Profile) -> Optional[tuple[str, str]]:
    """(name, value) of the profile's `variants` entry this select asks for, matched on what labels
    it ("Size", "Colour") or its name; None when the profile names none of it."""
    own = {V.norm(t) for t in (d.label, *d.labels.values(), d.name, d.id) if t}
    for name, value in profile.variants.items():
        key = V.norm(name)
        if key and any(t == key or re.search(rf"(?<![0-9a-z]){re.escape(key)}(?![0-9a-z])", t) for t in own):
            return name, value
    return None


def _variant_choice(d: FieldDescriptor, f: Field, profile: Profile) -> tuple[bool, Optional[FillAction]]:
    """(handled, action) for a product option select the profile names: the option whose text or
    value is the wanted one; handled without an action when it is chosen already or not offered
    (the shop's own check, or the walk's, then stops the flow)."""
    wanted = variant_wanted(d, profile)
    if wanted is None:
        return False, None
    name, value = wanted
    want = V.norm(value)
    for i, o in enumerate(d.options):
        if o.disabled:
            continue
        if want in (V.norm(o.text), V.norm(o.value)) or V.norm(o.text).startswith(want + " "):
            if o.selected:
                return True, None
            return True, _action(d, f, "select", o.value, f"{name}: {o.text.strip()}", option_index=i, why="variant")
    return True, None


def _widget_choice(d: FieldDescriptor, f: Field) -> Optional[FillAction]:
    """A scripted select asking for the delivery option or the payment method whose options show
    only once it is open (Radix, Headless UI): an action that opens it and lets the profile's
    `delivery` / `payment_methods` pick among what it lists (fill/widgets.py `choose_option`)."""
    topic = C.group_topic(_select_header(d), [d.widget_text] if d.widget_text else [])
    if topic not in ("delivery", "payment"):
        return None
    act = _action(d, f, "select", d.widget_text or "", d.widget_text or topic,
                  why="shipping method" if topic == "delivery" else "payment method")
    act.choice = topic
    return act


def _select_choice(d: FieldDescriptor, f: Field, profile: Profile) -> tuple[bool, Optional[FillAction], Optional[str]]:
    """(handled, action, refusal) for an unknown native select that asks for the delivery option or
    the payment method. A delivery select is only judged when its options state a price or a time:
    a list of dates or time slots is not a choice the profile's `delivery` speaks of."""
    real = [(i, o) for i, o in enumerate(d.options) if o.value.strip() and not o.disabled]
    if len(real) < 1:
        return False, None, None
    texts = [o.text for _, o in real]
    topic = C.group_topic(_select_header(d), texts)
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
