"""Field-classification rules: every group fires in several languages, fuzzy matching tolerates
typos and abbreviations, vetoes and precedence hold, and rule-file typos give one clear line."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from autofill.classify.rules import RuleSet, load_rules, options_kind
from autofill.classify.text import normalize, split_identifier, tokens
from autofill.errors import RuleFileError
from autofill.page.descriptor import FieldDescriptor, Option
from autofill.types import ALL_LABELS


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def field(label: str = "", *, name: str = "", id: str = "", tag: str = "input", input_type: str = "text",
          placeholder: str = "", maxlength: Optional[int] = None, options: Optional[list[str]] = None,
          text_before: str = "") -> FieldDescriptor:
    labels = {"label_for": label} if label else {}
    if text_before:
        labels["text_before"] = text_before
    opts = [Option(text=o, value=o) for o in options or []]
    return FieldDescriptor(frame=[], form=0, index=0, tag=tag,
                           input_type=input_type if tag == "input" else tag, id=id, name=name,
                           label=label, placeholder=placeholder, labels=labels, maxlength=maxlength,
                           options=opts)


def top(rules: RuleSet, desc: FieldDescriptor) -> Optional[str]:
    scores = rules.score(desc)
    return max(scores, key=scores.get) if scores else None


# --------------------------------------------------------------------------- text normalisation

@pytest.mark.parametrize("raw, expected", [
    ("billingPostalCode", "billing postal code"),
    ("ZIPCode", "zip code"),
    ("address_line2", "address line 2"),
    ("ctl00$Main$txtFirstName", "ctl 00 main txt first name"),
    ("E-Mail-Adresse*", "e mail adresse"),
    ("Prénom", "prenom"),
    ("Straße", "strasse"),
    ("Województwo", "wojewodztwo"),
    ("ＰＬＺ", "plz"),
    ("メールアドレス（確認）", "メールアドレス 確認"),
    ("Nom d'utilisateur", "nom utilisateur"),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_split_identifier_and_tokens() -> None:
    assert split_identifier("shipZIP2") == "ship ZIP 2"
    assert tokens("cc-exp-month") == ("cc", "exp", "month")
    assert tokens("") == ()


# --------------------------------------------------------------------------- every group fires

LABELS = [
    # name
    ("Full name", "name"), ("Nombre completo", "name"), ("Imię i nazwisko", "name"), ("氏名", "name"),
    ("First name", "given-name"), ("Prénom", "given-name"), ("Vorname", "given-name"),
    ("Voornaam", "given-name"), ("Förnamn", "given-name"), ("Imię", "given-name"),
    ("Last name", "family-name"), ("Nachname", "family-name"), ("Apellidos", "family-name"),
    ("Cognome", "family-name"), ("Achternaam", "family-name"), ("Sobrenome", "family-name"),
    ("Nazwisko", "family-name"), ("Efternamn", "family-name"), ("姓", "family-name"),
    ("Middle name", "additional-name"), ("Salutation", "honorific-prefix"), ("Anrede", "honorific-prefix"),
    # company
    ("Company", "organization"), ("Firma", "organization"), ("Société", "organization"),
    ("Empresa", "organization"), ("Azienda", "organization"), ("Bedrijfsnaam", "organization"),
    ("Företag", "organization"), ("会社名", "organization"),
    # address
    ("Street address", "address-line1"), ("Adresse", "address-line1"), ("Dirección", "address-line1"),
    ("Indirizzo", "address-line1"), ("Straat en huisnummer", "address-line1"), ("Endereço", "address-line1"),
    ("Ulica", "address-line1"), ("Gatuadress", "address-line1"), ("住所", "address-line1"),
    ("House number", "address-line1"), ("Hausnummer", "address-line1"),
    ("Address line 2", "address-line2"), ("Apartment, suite, etc.", "address-line2"),
    ("Adresszusatz", "address-line2"), ("Complément d'adresse", "address-line2"), ("Complemento", "address-line2"),
    ("City", "address-level2"), ("Ville", "address-level2"), ("Stadt", "address-level2"),
    ("Ciudad", "address-level2"), ("Città", "address-level2"), ("Woonplaats", "address-level2"),
    ("Cidade", "address-level2"), ("Miejscowość", "address-level2"), ("Postort", "address-level2"),
    ("市区町村", "address-level2"),
    ("State / Province", "address-level1"), ("Bundesland", "address-level1"), ("Provincia", "address-level1"),
    ("Województwo", "address-level1"), ("都道府県", "address-level1"),
    ("ZIP code", "postal-code"), ("Postleitzahl", "postal-code"), ("Code postal", "postal-code"),
    ("Código postal", "postal-code"), ("CAP", "postal-code"), ("Postcode", "postal-code"),
    ("CEP", "postal-code"), ("Kod pocztowy", "postal-code"), ("Postnummer", "postal-code"),
    ("郵便番号", "postal-code"),
    ("Country", "country"), ("Pays", "country"), ("País", "country"), ("Land", "country"),
    ("Kraj", "country"), ("国", "country"),
    # contact
    ("Email address", "email"), ("E-Mail-Adresse", "email"), ("Courriel", "email"),
    ("Correo electrónico", "email"), ("Indirizzo email", "email"), ("E-mailadres", "email"),
    ("Adres e-mail", "email"), ("E-postadress", "email"), ("メールアドレス", "email"),
    ("Confirm email", "email"), ("Email confirmation", "email"),
    ("Phone number", "tel"), ("Telefonnummer", "tel"), ("Téléphone", "tel"), ("Teléfono", "tel"),
    ("Cellulare", "tel"), ("Telefoonnummer", "tel"), ("Telemóvel", "tel"), ("Numer telefonu", "tel"),
    ("電話番号", "tel"),
    ("Phone country code", "tel-country-code"), ("Area code", "tel-area-code"),
    ("Vorwahl", "tel-area-code"), ("Extension", "tel-extension"),
    # card
    ("Card number", "cc-number"), ("Kartennummer", "cc-number"), ("Numéro de carte", "cc-number"),
    ("Número de tarjeta", "cc-number"), ("Numero della carta", "cc-number"), ("Kaartnummer", "cc-number"),
    ("Número do cartão", "cc-number"), ("Numer karty", "cc-number"), ("Kortnummer", "cc-number"),
    ("カード番号", "cc-number"),
    ("Name on card", "cc-name"), ("Card holder name", "cc-name"), ("Karteninhaber", "cc-name"),
    ("Titulaire de la carte", "cc-name"), ("カード名義", "cc-name"),
    ("Expiry date", "cc-exp"), ("MM/YY", "cc-exp"), ("Ablaufdatum", "cc-exp"),
    ("Date d'expiration", "cc-exp"), ("Fecha de caducidad", "cc-exp"), ("有効期限", "cc-exp"),
    ("Exp month", "cc-exp-month"), ("Expiry year", "cc-exp-year"),
    ("CVC", "cc-csc"), ("Security code", "cc-csc"), ("Prüfnummer", "cc-csc"),
    ("Cryptogramme visuel", "cc-csc"), ("Código de seguridad", "cc-csc"), ("セキュリティコード", "cc-csc"),
    ("Card type", "cc-type"),
    # account
    ("Username", "username"), ("Benutzername", "username"), ("Nom d'utilisateur", "username"),
    ("Nombre de usuario", "username"), ("Gebruikersnaam", "username"), ("Användarnamn", "username"),
    ("ユーザー名", "username"), ("Username or email", "username"),
    # negatives
    ("Coupon code", "unknown"), ("Promo code", "unknown"), ("Gutscheincode", "unknown"),
    ("Gift card number", "unknown"), ("Search", "unknown"), ("Quantity", "unknown"),
    ("Captcha", "unknown"), ("Gift message", "unknown"), ("Delivery instructions", "unknown"),
    ("Date of birth", "unknown"), ("Geburtsdatum", "unknown"), ("VAT number", "unknown"),
    ("Partita IVA", "unknown"), ("Comments", "unknown"),
]


@pytest.mark.parametrize("label, expected", LABELS)
def test_label_phrases(rules: RuleSet, label: str, expected: str) -> None:
    assert top(rules, field(label)) == expected, rules.explain(field(label))


@pytest.mark.parametrize("name, expected", [
    ("billingPostalCode", "postal-code"), ("ship_zip", "postal-code"), ("shipzip", "postal-code"),
    ("billing_first_name", "given-name"), ("lastName", "family-name"), ("fname", "given-name"),
    ("emailAddress", "email"), ("customer[email]", "email"), ("phoneNumber", "tel"),
    ("address1", "address-line1"), ("address_2", "address-line2"), ("addressLine2", "address-line2"),
    ("city", "address-level2"), ("billing_state", "address-level1"), ("countryCode", "country"),
    ("ccNumber", "cc-number"), ("cardnumber", "cc-number"), ("cc_exp_month", "cc-exp-month"),
    ("expYear", "cc-exp-year"), ("cvv2", "cc-csc"), ("nameOnCard", "cc-name"),
    ("companyName", "organization"), ("user_login", "username"), ("q", "unknown"),
    ("coupon_code", "unknown"), ("ctl00$Main$txtFirstName", "given-name"),
])
def test_identifiers(rules: RuleSet, name: str, expected: str) -> None:
    assert top(rules, field(name=name)) == expected, rules.explain(field(name=name))


def test_password_needs_password_input(rules: RuleSet) -> None:
    assert set(rules.score(field("Password", input_type="password"))) >= {"current-password", "new-password"}
    assert top(rules, field("Confirm password", input_type="password")) == "new-password"
    assert top(rules, field("Passwort wiederholen", input_type="password")) == "new-password"
    assert not {"current-password", "new-password"} & set(rules.score(field("Password", input_type="text")))


def test_input_types_vote(rules: RuleSet) -> None:
    assert top(rules, field(input_type="email")) == "email"
    assert top(rules, field(input_type="tel")) == "tel"
    assert top(rules, field(input_type="search")) == "unknown"


def test_checkbox_is_never_a_field_type(rules: RuleSet) -> None:
    assert top(rules, field("Subscribe to our newsletter", input_type="checkbox")) == "unknown"
    assert "email" not in rules.score(field("Email me offers", input_type="checkbox"))


# --------------------------------------------------------------------------- fuzzy matching

@pytest.mark.parametrize("label, expected", [
    ("Adress", "address-line1"), ("Emial", "email"), ("Telephne", "tel"), ("Postcde", "postal-code"),
    ("Frist name", "given-name"), ("Addr.", "address-line1"), ("Tel.", "tel"), ("PLZ", "postal-code"),
    ("CP", "postal-code"), ("Str.", "address-line1"), ("Names", "name"), ("Adressen", "address-line1"),
    ("Card no.", "cc-number"), ("Apt.", "address-line2"),
])
def test_fuzzy(rules: RuleSet, label: str, expected: str) -> None:
    assert top(rules, field(label)) == expected, rules.explain(field(label))


def test_fuzzy_does_not_invent_words(rules: RuleSet) -> None:
    # "enter" is not a mistyped Italian "ente"; "called" not a mistyped "calle"; "hotel" holds no "tel"
    assert rules.score(field("Please enter it")) == {}
    assert rules.score(field("So called")) == {}
    assert rules.score(field(name="hotel")) == {}


# --------------------------------------------------------------------------- precedence, vetoes

@pytest.mark.parametrize("label, expected, not_expected", [
    ("Address line 2", "address-line2", "address-line1"),
    ("Apartment, suite", "address-line2", "address-line1"),
    ("Card holder name", "cc-name", "name"),
    ("First name", "given-name", "name"),
    ("Email address", "email", "address-line1"),
    ("Phone country code", "tel-country-code", "tel"),
    ("Phone country code", "tel-country-code", "country"),
    ("MM/YY", "cc-exp", "cc-exp-month"),
    ("User name", "username", "name"),
    ("Company name", "organization", "name"),
    ("Gift card number", "unknown", "cc-number"),
])
def test_precedence_and_vetoes(rules: RuleSet, label: str, expected: str, not_expected: str) -> None:
    scores = rules.score(field(label))
    assert max(scores, key=scores.get) == expected, rules.explain(field(label))
    assert not_expected not in scores


def test_veto_only_applies_to_its_own_text(rules: RuleSet) -> None:
    # "user" in the id vetoes nothing in the label
    desc = field("Name", id="user_block_3")
    assert "name" in rules.score(desc)


def test_combined_label_votes_for_both(rules: RuleSet) -> None:
    scores = rules.score(field("PLZ / Ort"))
    assert {"postal-code", "address-level2"} <= set(scores)


def test_exp_month_needs_short_input(rules: RuleSet) -> None:
    assert "cc-exp-month" in rules.score(field("Exp month", maxlength=2))
    assert "cc-exp-month" not in rules.score(field("Exp month", maxlength=40))


def test_birth_month_is_not_expiry(rules: RuleSet) -> None:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    assert top(rules, field(tag="select", name="m1", options=months)) == "cc-exp-month"
    assert top(rules, field("Birth month", tag="select", name="m1", options=months)) == "unknown"
    assert "cc-exp-month" not in rules.score(field("Date of birth", tag="select", options=months))


# --------------------------------------------------------------------------- select options

def test_options_kinds(rules: RuleSet) -> None:
    import datetime

    now = datetime.date.today().year
    future = [str(y) for y in range(now, now + 12)]
    past = [str(y) for y in range(1930, now)]
    countries = ["United States", "Canada", "Germany", "France", "Japan", "Spain", "Italy", "Mexico",
                 "Brazil", "India", "China", "Poland", "Sweden", "Norway", "Denmark", "Finland",
                 "Austria", "Belgium", "Netherlands", "Portugal", "Ireland", "Greece"]
    states = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
              "Delaware", "Florida", "Georgia", "Hawaii", "Idaho"]
    assert options_kind(tuple((y, y) for y in ["Year"] + future)) == "years-future"
    assert top(rules, field(tag="select", name="x", options=future)) == "cc-exp-year"
    assert top(rules, field(tag="select", name="x", options=past)) == "unknown"
    assert top(rules, field(tag="select", name="x", options=countries)) == "country"
    assert top(rules, field(tag="select", name="x", options=states)) == "address-level1"
    assert options_kind((("Red", "r"), ("Green", "g"), ("Blue", "b"))) is None


# --------------------------------------------------------------------------- API shape

def test_score_and_explain_shape(rules: RuleSet) -> None:
    desc = field("Postcode", name="zip")
    scores = rules.score(desc)
    assert scores and all(t in ALL_LABELS and 0 <= s <= 1 for t, s in scores.items())
    votes = rules.explain(desc)
    assert votes[0][0] == "postal-code"
    typ, score, rule_id, source, phrase = votes[0]
    assert rule_id == "postal-code" and source in {"label_for", "name", "label"} and phrase
    assert rules.score(field("Lorem ipsum dolor")) == {}
    assert rules.score(field()) == {}


def test_frequent_types_cover_the_required_languages() -> None:
    import yaml

    from autofill.classify.rules import RULES_DIR

    required = {"en", "fr", "de", "es", "it", "nl", "pt", "pl", "sv", "ja"}
    frequent = {"given-name", "family-name", "name", "address-line1", "address-line2", "address-level2",
                "postal-code", "address-level1", "country", "email", "tel", "organization", "cc-number",
                "cc-name", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc", "username",
                "current-password", "new-password"}
    langs: dict[str, set[str]] = {t: set() for t in frequent}
    for file in RULES_DIR.glob("*.yaml"):
        for rule in yaml.safe_load(file.read_text(encoding="utf-8"))["rules"]:
            if rule["type"] in langs:
                langs[rule["type"]] |= set(rule.get("patterns", {}))
    missing = {t: sorted(required - ls) for t, ls in langs.items() if required - ls and "any" not in ls}
    assert not missing


# --------------------------------------------------------------------------- rule-file errors

GOOD = """\
rules:
  - id: zip-test
    type: postal-code
    patterns: {en: [zip]}
"""


def _write(tmp_path: Path, body: str, name: str = "card.yaml") -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_custom_directory_loads(tmp_path: Path) -> None:
    rs = load_rules(_write(tmp_path, GOOD))
    assert rs.score(field("Zip")) == {"postal-code": 1.0}


@pytest.mark.parametrize("body, fragment", [
    ("rules:\n  - id: cc-number-en\n    type: cc-numbr\n    patterns: {en: [card number]}\n",
     "rule 'cc-number-en': unknown type 'cc-numbr'"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n    patern: {en: [card number]}\n",
     "rule 'cc-number-en': unknown key 'patern'"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n    regex: ['(card']\n",
     "rule 'cc-number-en': bad regex '(card'"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n    patterns: {xx: [card number]}\n",
     "rule 'cc-number-en': unknown language 'xx'"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n",
     "rule 'cc-number-en': missing patterns"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n    weight: 3\n    patterns: {en: [card]}\n",
     "rule 'cc-number-en': weight 3.0 is not in (0, 1]"),
    ("rules:\n  - id: cc-number-en\n    type: cc-number\n    options: colours\n",
     "rule 'cc-number-en': unknown options kind 'colours'"),
    ("rules:\n  - type: cc-number\n    patterns: {en: [card]}\n", "rule #1: missing key 'id'"),
])
def test_rule_file_errors(tmp_path: Path, body: str, fragment: str) -> None:
    _write(tmp_path, body)
    with pytest.raises(RuleFileError) as info:
        load_rules(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "card.yaml") + ": ")
    assert fragment in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, "rules:\n  - id: a\n    type: email\n    patterns: {en: [mail\n  - id: b\n")
    with pytest.raises(RuleFileError) as info:
        load_rules(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / "card.yaml") + ":5: YAML syntax error")


def test_duplicate_rule_ids_across_files(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleFileError, match=r"b\.yaml: rule 'zip-test': duplicate id \(also in .*a\.yaml\)"):
        load_rules(tmp_path)


def test_bundled_file_names_are_short() -> None:
    # The bundled rules load, and their errors would read `rules/fields/<file>`.
    from autofill.classify.rules import RULES_DIR, _display

    assert _display(RULES_DIR / "card.yaml") == "rules/fields/card.yaml"
    assert len(load_rules().rules) > 30
