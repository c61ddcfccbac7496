"""Property tests: static extraction and classification never raise on random or malformed HTML
(tag soup with form fields, random bytes, deep nesting), and what they return is consistent:
indexes 0..n-1 in order, only listed field kinds, types from SPEC's vocabulary."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autofill import Engine
from autofill.page.static import SKIPPED_INPUT_TYPES, extract_html
from autofill.types import ALL_LABELS

ENGINE = Engine()

TAGS = ["div", "span", "p", "form", "label", "input", "select", "option", "optgroup", "textarea", "fieldset",
        "legend", "table", "tr", "td", "th", "dl", "dt", "dd", "h1", "h2", "h3", "details", "summary", "template",
        "iframe", "script", "style", "noscript", "button", "b", "i", "ul", "li", "my-widget", "svg", "math",
        "html", "body", "head", "title", "frameset", "frame", "object"]
ATTRS = ["id", "name", "for", "type", "value", "placeholder", "aria-label", "aria-labelledby", "aria-hidden",
         "title", "hidden", "style", "form", "maxlength", "autocomplete", "class", "srcdoc", "shadowrootmode",
         "open", "selected", "multiple", "role", "required", "checked"]
VALUES = ["", "x", "email", "zip", "f1", "text", "hidden", "checkbox", "radio", "submit", "tel", "open",
          "true", "display:none", "visibility:hidden", "-1", "4", "99999999999999999999", "shipping postal-code",
          "<input name=q>", "cc-number", "a b", "\u00e9\u00df\u6f22", "\"", "'", "&amp;", "&#0;", "\x00"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["Email", "Post code", "Card number", "Name", "PLZ", "Straße", " : ", "*", "&nbsp;", "<", ">", "</form>"])


@st.composite
def attributes(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(ATTRS))
        if draw(st.booleans()):
            parts.append(name)
        else:
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f"{name}={quote}{draw(st.sampled_from(VALUES))}{quote}")
    return (" " + " ".join(parts)) if parts else ""


def soup(max_leaves: int = 40):
    leaf = st.one_of(
        TEXT,
        st.builds(lambda a: f"<input{a}>", attributes()),
        st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), attributes()),  # unclosed
        st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),  # stray end tag
        st.sampled_from(["<!--", "-->", "<!doctype html>", "<?xml version='1.0'?>", "<![CDATA[", "]]>", "&", "<"]),
    )

    def wrap(children):
        return st.builds(lambda t, a, inner, close: f"<{t}{a}>{''.join(inner)}" + (f"</{t}>" if close else ""),
                         st.sampled_from(TAGS), attributes(), st.lists(children, max_size=4), st.booleans())

    return st.recursive(leaf, wrap, max_leaves=max_leaves).map(lambda x: x) | st.lists(
        st.recursive(leaf, wrap, max_leaves=max_leaves // 4), max_size=8).map("".join)


def check_fields(descs) -> None:
    assert [d.index for d in descs] == list(range(len(descs)))
    for d in descs:
        assert d.tag in ("input", "select", "textarea")
        assert d.input_type not in SKIPPED_INPUT_TYPES
        assert isinstance(d.frame, list) and all(isinstance(i, int) and i >= 0 for i in d.frame)
        assert d.form is None or d.form >= 0
        assert isinstance(d.label, str) and "\n" not in d.label
        assert d.maxlength is None or d.maxlength > 0


def check_classified(html, descs) -> None:
    fields = ENGINE.classify_html(html)
    assert [f.index for f in fields] == list(range(len(descs)))
    assert [(f.name, f.tag, f.frame) for f in fields] == [(d.name, d.tag, d.frame) for d in descs]
    for f in fields:
        assert f.prediction in ALL_LABELS
        assert f.section in (None, "shipping", "billing")
        assert f.part is None or f.part >= 1
        assert 0.0 <= f.confidence <= 1.0


FUZZ = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(soup())
def test_tag_soup(html: str) -> None:
    descs = extract_html(html)
    check_fields(descs)
    check_classified(html, descs)


@FUZZ
@given(soup().map(lambda s: s.encode("utf-8", "surrogatepass")) | st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    descs = extract_html(data)
    check_fields(descs)
    check_classified(data, descs)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3000), st.sampled_from(["div", "span", "label", "form", "fieldset", "table", "b", "details",
                                              "my-widget", "ul", "li"]),
       st.booleans(), st.booleans())
def test_deep_nesting(depth: int, tag: str, closed: bool, shadow: bool) -> None:
    inner = "<template shadowrootmode=open><input name=deep aria-label=Deep></template>" if shadow else \
        "<input name=deep aria-label=Deep>"
    html = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else "") + "<input name=after>"
    descs = extract_html(html)
    check_fields(descs)
    assert "after" in [d.name for d in descs]
    check_classified(html, descs)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 12))
def test_nested_srcdoc_frames(depth: int) -> None:
    # Each level escapes the one inside it: frame paths grow one level per iframe.
    doc = "<input name=f aria-label=Card>"
    for _ in range(depth):
        doc = "<p>x</p><iframe srcdoc=\"" + doc.replace("&", "&amp;").replace('"', "&quot;") + "\"></iframe>"
    descs = extract_html(doc)
    check_fields(descs)
    assert [d.frame for d in descs] == [[0] * depth]
