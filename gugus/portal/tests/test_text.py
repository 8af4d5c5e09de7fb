"""The portal's plain functions, without a database."""

import pytest

from gugus.portal import text


def test_plain_text_is_never_markup_and_keeps_meaning():
    assert text.plain_text("  <b>gaji</b> > 10 juta\r\n\r\n\r\n\u200bkerja\x07 ", max_length=100) == (
        "‹b›gaji‹/b› › 10 juta\n\nkerja"
    )
    assert text.plain_text("a\nb\tc", max_length=10, multiline=False) == "a b c"
    with pytest.raises(ValueError):
        text.plain_text("x" * 11, max_length=10)


@pytest.mark.parametrize(
    ("raw", "markup"),
    [("<script>", True), ("</p>", True), ("<!--", True), ("&amp;", True), ("&#60;", True), ("‹b›", False),
     ("a < b", False), ("AT&T", False)],
)  # fmt: skip
def test_renders_as_markup(raw, markup):
    assert text.renders_as_markup(raw) is markup


@pytest.mark.parametrize(
    ("raw", "link"),
    [("facebook.com/loker", "https://facebook.com/loker"), ("http://a.id/x", "http://a.id/x"),
     ("example.com:8080/x", "https://example.com:8080/x"), ("", "")],
)  # fmt: skip
def test_offer_links(raw, link):
    assert text.offer_link(raw) == link


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "https://", "a b"])
def test_offer_links_refused(raw):
    with pytest.raises(ValueError):
        text.offer_link(raw)


def test_agency_name_keys_agree_across_spellings():
    keys = {text.agency_name_key(n) for n in ["PT. MADJU DJAYA", "Maju Jaya, PT", "pt maju  jaya"]}
    assert keys == {"maju jaya"}


def test_follow_up_codes():
    code = text.follow_up_code_new()
    assert len(code) == 29 and code.count("-") == 4
    assert text.follow_up_code_normalise(code.lower().replace("-", " ")) == code
    assert text.follow_up_code_normalise(code[:-1]) is None
    assert text.follow_up_code_normalise(code.replace(code[0], "0")) is None  # 0 is not in the alphabet
    assert text.follow_up_digest(code) != code and len(text.follow_up_digest(code)) == 64
    assert len({text.follow_up_code_new() for _ in range(200)}) == 200
