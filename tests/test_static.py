"""Static extraction (`autofill.page.static.extract_html`): every label source, every field
attribute the classifier reads, static visibility, shadow roots and srcdoc frames, encodings and
broken markup. Each test asserts the exact values a person reading the page would give."""
from __future__ import annotations

import codecs

import pytest

from autofill.page.descriptor import FieldDescriptor
from autofill.page.static import extract_html


def fields(html: str | bytes) -> list[FieldDescriptor]:
    return extract_html(html)


def by_name(html: str | bytes) -> dict[str, FieldDescriptor]:
    out = {}
    for d in extract_html(html):
        assert d.name not in out, f"duplicate name {d.name} in test page"
        out[d.name] = d
    return out


# --- label sources ---------------------------------------------------------------------------
def test_label_for() -> None:
    f = by_name('<form><label for="e">E-mail address</label><p>x</p><input id="e" name="email"></form>')
    assert f["email"].labels["label_for"] == "E-mail address"
    assert f["email"].label == "E-mail address"


def test_label_for_binds_only_its_target() -> None:
    # The label names the second input; the first must not take its text.
    f = by_name('<label for="x">Surname</label><input name="first"><input id="x" name="second">')
    assert f["second"].label == "Surname"
    assert "label_for" not in f["first"].labels
    assert f["first"].label == ""


def test_wrapping_label() -> None:
    f = by_name('<label>Given name <input name="gn"> <small>as on your ID</small></label>')
    assert f["gn"].labels["label_wrap"] == "Given name as on your ID"
    assert f["gn"].label == "Given name as on your ID"


def test_aria_label() -> None:
    f = by_name('<input name="fam" aria-label="  Family   name ">')
    assert f["fam"].labels == {"aria_label": "Family name"}
    assert f["fam"].label == "Family name"


def test_aria_labelledby_joins_ids_in_order() -> None:
    f = by_name('<span id="b">name</span><span id="a">Given</span><input name="g" aria-labelledby="a b missing">')
    assert f["g"].labels["aria_labelledby"] == "Given name"
    assert f["g"].label == "Given name"


def test_placeholder_is_kept_but_is_not_a_label() -> None:
    f = by_name('<input name="pc" placeholder=" Postcode ">')
    assert f["pc"].placeholder == "Postcode"
    assert f["pc"].labels == {}
    assert f["pc"].label == ""


def test_title() -> None:
    f = by_name('<input name="town" title="Town or city">')
    assert f["town"].labels == {"title": "Town or city"}
    assert f["town"].label == "Town or city"


def test_explicit_label_wins_over_title_and_text() -> None:
    f = by_name('<p>Some intro</p><label for="z">ZIP code</label><input id="z" name="zip" title="Five digits">')
    assert f["zip"].label == "ZIP code"
    assert f["zip"].labels["title"] == "Five digits"


def test_text_before_in_table_cells() -> None:
    f = by_name("<table><tr><td>First name</td><td><input name='fn'></td></tr>"
                "<tr><td>Last name:</td><td><input name='ln'></td></tr></table>")
    assert f["fn"].labels == {"text_before": "First name"}
    assert f["ln"].labels == {"text_before": "Last name"}  # trailing colon dropped
    assert (f["fn"].label, f["ln"].label) == ("First name", "Last name")


def test_text_before_in_dt_dd() -> None:
    f = by_name("<dl><dt>City</dt><dd><input name='city'></dd><dt>Zip *</dt><dd><input name='zip'></dd></dl>")
    assert f["city"].label == "City"
    assert f["zip"].label == "Zip"  # required marker dropped


def test_text_before_in_divs_and_spans() -> None:
    f = by_name("<div>Street</div><div><input name='s'></div><span>Phone</span><span><input name='p'></span>")
    assert f["s"].labels == {"text_before": "Street"}
    assert f["p"].labels == {"text_before": "Phone"}


def test_text_before_stops_at_previous_field() -> None:
    f = by_name("<div>Email <input name='a'></div><div><input name='b'></div>")
    assert f["a"].label == "Email"
    assert "text_before" not in f["b"].labels
    assert f["b"].label == ""


def test_text_after_checkbox() -> None:
    f = by_name("<form><input type='checkbox' name='terms'> I accept the terms</form>")
    assert f["terms"].input_type == "checkbox"
    assert f["terms"].labels == {"text_after": "I accept the terms"}
    assert f["terms"].label == "I accept the terms"
    assert f["terms"].checked is False


def test_text_after_is_not_a_label_for_text_inputs() -> None:
    f = by_name("<input name='q'> Search our shop")
    assert f["q"].labels == {"text_after": "Search our shop"}
    assert f["q"].label == ""


def test_fieldset_legend() -> None:
    f = by_name("<fieldset><legend>Billing address</legend><div><input name='x'></div></fieldset>")
    assert f["x"].labels["legend"] == "Billing address"


def test_nearest_heading() -> None:
    f = by_name("<h1>Checkout</h1><h2>Delivery</h2><input name='a'><h3>Payment</h3><p>Card</p><input name='b'>"
                "<h2 hidden>Ignored</h2><div role='heading'>Your account</div><input name='c'>")
    assert f["a"].labels["heading"] == "Delivery"
    assert f["b"].labels["heading"] == "Payment"
    assert f["c"].labels["heading"] == "Your account"
    assert f["b"].labels["text_before"] == "Payment Card"


def test_labels_skip_scripts_styles_and_options() -> None:
    f = by_name("<label>Country<script>var x='evil';</script><style>.a{}</style>"
                "<select name='c'><option>Germany</option></select></label>")
    assert f["c"].labels["label_wrap"] == "Country"


# --- field attributes -------------------------------------------------------------------------
def test_select_options_text_value_selected() -> None:
    f = by_name("<select name='country'><option value=''>Choose…</option>"
                "<option value='GB' selected>United  Kingdom</option><option>France</option>"
                "<option value='XX' disabled>Nowhere</option></select>")
    opts = [(o.text, o.value, o.selected, o.disabled) for o in f["country"].options]
    assert opts == [("Choose…", "", False, False), ("United Kingdom", "GB", True, False),
                    ("France", "France", False, False), ("Nowhere", "XX", False, True)]
    assert f["country"].tag == "select"
    assert f["country"].input_type == "select"


def test_select_multiple_and_textarea() -> None:
    f = by_name("<select name='m' multiple><option>a</option></select><textarea name='t'>hello</textarea>")
    assert f["m"].input_type == "select-multiple"
    assert (f["t"].tag, f["t"].input_type, f["t"].value) == ("textarea", "textarea", "hello")


def test_maxlength() -> None:
    f = by_name("<input name='cvc' maxlength='4'><input name='a' maxlength='0'><input name='b' maxlength='x'>"
                "<input name='c'>")
    assert f["cvc"].maxlength == 4
    assert f["a"].maxlength is None and f["b"].maxlength is None and f["c"].maxlength is None


@pytest.mark.parametrize("markup, expected", [
    ("<input name='f'>", "text"),
    ("<input name='f' type='TEL'>", "tel"),
    ("<input name='f' type=' email '>", "email"),
    ("<input name='f' type='password'>", "password"),
    ("<input name='f' type='radio'>", "radio"),
    ("<input name='f' type='number'>", "number"),
    ("<input name='f' type='bogus'>", "text"),  # a browser treats unknown types as text
])
def test_input_type(markup: str, expected: str) -> None:
    assert by_name(markup)["f"].input_type == expected


def test_id_name_autocomplete_class_required() -> None:
    f = by_name("<input id=' z ' name='zip' autocomplete='Shipping Postal-Code' class='a b' required>"
                "<input name='o' aria-required='true'><input name='n'>")
    z = f["zip"]
    assert (z.id, z.autocomplete, z.class_name, z.required) == ("z", "shipping postal-code", "a b", True)
    assert f["o"].required is True and f["n"].required is False


def test_form_index_and_form_attribute() -> None:
    html = ("<input name='pre'><form id='f1'><input name='a'></form><form id='f2' action='/pay'></form>"
            "<input name='b' form='f2'><input name='c' form='nope'><form><input name='d'>"
            "<input name='e' form='f1'></form>")
    f = by_name(html)
    assert {k: v.form for k, v in f.items()} == {"pre": None, "a": 0, "b": 1, "c": None, "d": 2, "e": 0}
    assert f["b"].form_text == "f2 /pay"


def test_document_order_and_index() -> None:
    html = ("<div><input name='one'><select name='two'></select></div><textarea name='three'></textarea>"
            "<form><input name='four' type='checkbox'></form><input name='five'>")
    ds = fields(html)
    assert [d.name for d in ds] == ["one", "two", "three", "four", "five"]
    assert [d.index for d in ds] == [0, 1, 2, 3, 4]
    assert all(d.frame == [] and d.shadow == [] for d in ds)


def test_skipped_input_types() -> None:
    html = ("<input type='hidden' name='h'><input type='submit' name='s'><input type='button' name='b'>"
            "<input type='image' name='i'><input type='reset' name='r'><input type='HIDDEN' name='H'>"
            "<button name='btn'>Go</button><input name='kept'><input type='file' name='up'>")
    ds = fields(html)
    assert [(d.name, d.index) for d in ds] == [("kept", 0), ("up", 1)]


# --- static visibility ------------------------------------------------------------------------
def test_static_visibility() -> None:
    html = ("<input name='plain'>"
            "<input name='attr' hidden>"
            "<div style='display: none'><input name='display'></div>"
            "<input name='vis' style='color:red; visibility : hidden'>"
            "<div aria-hidden='true'><label>X <input name='aria'></label></div>"
            "<div style='display:block'><input name='shown'></div>"
            "<details><summary>Gift? <input name='summary'></summary><input name='closed'></details>"
            "<details open><input name='open'></details>"
            "<input name='after'>")
    vis = {d.name: d.visible for d in fields(html)}
    assert vis == {"plain": True, "attr": False, "display": False, "vis": False, "aria": False,
                   "shown": True, "summary": True, "closed": False, "open": True, "after": True}


def test_hidden_text_is_no_label() -> None:
    f = by_name("<div style='display:none'>Secret</div><span>Name</span><input name='n'>")
    assert f["n"].labels == {"text_before": "Name"}


# --- shadow roots and frames ------------------------------------------------------------------
def test_declarative_shadow_dom() -> None:
    html = ("<form><my-address><template shadowrootmode='open'><label>City <input name='city'></label>"
            "<inner-x><template shadowrootmode='open'><input name='deep' aria-label='Deep'></template></inner-x>"
            "</template></my-address><input name='zip'></form>")
    ds = fields(html)
    assert [(d.name, d.shadow, d.form, d.index) for d in ds] == [
        ("city", ["my-address"], 0, 0), ("deep", ["my-address", "inner-x"], 0, 1), ("zip", [], 0, 2)]
    assert ds[0].label == "City" and ds[1].label == "Deep"


def test_inert_template_and_noscript_fields_are_not_listed() -> None:
    # A browser never renders these (live extraction cannot see them either).
    html = "<template><input name='t'></template><noscript><input name='ns'></noscript><input name='real'>"
    assert [(d.name, d.index) for d in fields(html)] == [("real", 0)]


def test_iframe_srcdoc_frames() -> None:
    html = ("<p>Top</p><input name='t'>"
            "<iframe srcdoc=\"<form><label for=n>Card number</label><input id=n name=cc></form>\"></iframe>"
            "<iframe src='https://pay.example/x.html'></iframe>"
            "<iframe srcdoc='<input name=z aria-label=Zed>'></iframe><input name='last'>")
    ds = fields(html)
    assert [(d.name, d.frame, d.form, d.index) for d in ds] == [
        ("t", [], None, 0), ("cc", [0], 0, 1), ("z", [2], None, 2), ("last", [], None, 3)]
    assert ds[1].label == "Card number" and ds[2].label == "Zed"


def test_extract_with_frame_offset() -> None:
    ds = extract_html("<input name='a'>", frame=[3, 1])
    assert ds[0].frame == [3, 1]


# --- encodings --------------------------------------------------------------------------------
PAGE = ("<html><head>{meta}</head><body><form><label for=s>Straße</label><input id=s name=strasse>"
        "<label for=o>Ort – Café</label><input id=o name=ort></form></body></html>")


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + PAGE.format(meta="").encode("utf-8"),
    codecs.BOM_UTF16_LE + PAGE.format(meta="").encode("utf-16-le"),
    codecs.BOM_UTF16_BE + PAGE.format(meta="").encode("utf-16-be"),
    PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">').encode("cp1252"),
    PAGE.format(meta="").encode("cp1252"),  # undeclared, not UTF-8: cp1252
    PAGE.format(meta="").encode("utf-8"),
], ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "windows-1252", "undeclared-cp1252", "utf8"])
def test_encodings(data: bytes) -> None:
    assert [d.label for d in fields(data)] == ["Straße", "Ort – Café"]


def test_iso_8859_1_meta() -> None:
    data = PAGE.format(meta='<meta charset="iso-8859-1">').replace("–", "-").encode("iso-8859-1")
    assert [d.label for d in fields(data)] == ["Straße", "Ort - Café"]


def test_shift_jis_meta() -> None:
    page = ('<html><head><meta charset="shift_jis"></head><body><label for=z>郵便番号</label>'
            '<input id=z name=zip><select name=pref><option value=13>東京都</option></select></body></html>')
    ds = fields(page.encode("shift_jis"))
    assert ds[0].label == "郵便番号"
    assert [(o.text, o.value) for o in ds[1].options] == [("東京都", "13")]


# --- broken and odd input ---------------------------------------------------------------------
def test_unclosed_tags_and_stray_form_end() -> None:
    html = ("<form><input name=a><div><input name=b></form></form><p><input name=c>"
            "<table><tr><td>Email<td><input name=d>")
    ds = fields(html)
    assert [d.name for d in ds] == ["a", "b", "c", "d"]
    assert ds[3].label == "Email"
    assert ds[0].form == 0 and ds[1].form == 0


def test_misnested_inline_tags_and_unclosed_options() -> None:
    html = "<div><span>Name<input name=n></span></div></div></div><b><i>Zip</b></i><input name=z>" \
           "<select name=s><option>One<option>Two</select>"
    f = by_name(html)
    assert f["n"].label == "Name" and f["z"].label == "Zip"
    assert [o.text for o in f["s"].options] == ["One", "Two"]


@pytest.mark.parametrize("data", [b"", "", "   \n ", b"\xef\xbb\xbf", "<!-- only a comment -->", "<html></html>"])
def test_empty_documents(data: str | bytes) -> None:
    assert fields(data) == []


def test_nul_bytes_do_not_stop_parsing() -> None:
    assert [d.name for d in fields("<input name=a>\x00<input name=b>")] == ["a", "b"]


def test_five_megabyte_page() -> None:
    filler = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>\n"
    body = "".join(f"<div>{filler}<label for=f{i}>Field {i}</label><input id=f{i} name=f{i}></div>"
                   for i in range(200))
    page = "<html><body><form>" + body + filler * 4700 + "</form></body></html>"
    data = page.encode("utf-8")
    assert len(data) > 5 * 1024 * 1024
    ds = fields(data)
    assert len(ds) == 200
    assert [d.label for d in ds[:2]] == ["Field 0", "Field 1"]
    assert (ds[-1].label, ds[-1].index, ds[-1].form) == ("Field 199", 199, 0)


@pytest.mark.parametrize("tag", ["div", "span", "my-widget"])
def test_nesting_deeper_than_libxml2_allows(tag: str) -> None:
    # libxml2 gives up at depth 2048 and drops the rest of the page; a browser lists every field.
    html = f"<form>{f'<{tag}>' * 3000}<label>Deep <input name='deep'></label>{f'</{tag}>' * 3000}</form>" \
           "<input name='after' aria-label='After'>"
    ds = fields(html)
    assert [(d.name, d.label, d.index) for d in ds] == [("deep", "Deep", 0), ("after", "After", 1)]
    assert ds[0].form == 0
