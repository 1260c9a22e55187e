"""api.md, Values: centre and series ids, emails, names, titles, phones, language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from portal.domain import validation as v
from portal.domain.errors import InvalidRequest
from portal.domain.model import AccountType, Language


def refused(call: Callable[[], object], field: str) -> InvalidRequest:
    with pytest.raises(InvalidRequest) as caught:
        call()
    assert set(caught.value.errors) == {field}, caught.value.errors
    assert caught.value.errors[field]
    assert field in caught.value.detail
    return caught.value


# --- centre_id: five digits -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["68101", "00000", "99999", "10000"])
def test_centre_id_ok(value):
    assert v.centre_id(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "6810",
        "681012",
        "6810a",
        "68 101",
        " 68101",
        "68101 ",
        "68101\n",
        "-6810",
        "+6810",
        "\uff16\uff18\uff11\uff10\uff11",
        "\u0666\u0668\u0661\u0660\u0661",
    ],
)
def test_centre_id_refused(value):
    refused(lambda: v.centre_id(value), "centre_id")
    refused(lambda: v.centre_id(value, "path.centre_id"), "path.centre_id")


# --- series_id: a short slug such as 2026-summer ----------------------------------------------


@pytest.mark.parametrize(
    "value", ["2026-summer", "2027-january", "2026-november", "2026-summer-resit", "2026-a-b-c"]
)
def test_series_id_ok(value):
    assert v.series_id(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2026",
        "summer-2026",
        "2026-Summer",
        "2026_summer",
        "2026 summer",
        "26-summer",
        "2026-",
        "2026--summer",
        "2026-summer-",
        "2026-summer\n",
        "2026-summer/../x",
        "2026-" + "a" * 28,  # 33 characters
        "2026-a-b-c-d-e",  # at most three parts after the season
    ],
)
def test_series_id_refused(value):
    refused(lambda: v.series_id(value), "series_id")


def test_series_id_length_limit():
    assert v.series_id("2026-" + "a" * 27) == "2026-" + "a" * 27  # 32 characters


# --- email: trimmed, lower-cased, case-insensitive ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("ann@school.org", "ann@school.org"),
        ("Ann@School.ORG", "ann@school.org"),
        ("  ann@school.org  ", "ann@school.org"),
        ("\tANN.SMITH@Mail.School.org.uk\n", "ann.smith@mail.school.org.uk"),
        ("ann+portal@school.org", "ann+portal@school.org"),
        ("a@b.co", "a@b.co"),
        ("ann@my-school.org", "ann@my-school.org"),
        ("x" * 64 + "@school.org", "x" * 64 + "@school.org"),
        # An apostrophe before the @, as Cognito (username and email attribute) and SES take it.
        ("O'Brien@School.example", "o'brien@school.example"),
        ("sian.o'neill-jones@ysgol.cymru", "sian.o'neill-jones@ysgol.cymru"),
        ("'ann@school.org", "'ann@school.org"),
    ],
)
def test_email_normalised(value, clean):
    assert v.normalise_email(value) == clean


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ann@School.org", "ann@school.org"),
        ("ANN@SCHOOL.ORG", " ann@School.Org "),
    ],
)
def test_emails_compare_case_insensitively(a, b):
    assert v.normalise_email(a) == v.normalise_email(b)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "ann",
        "ann@",
        "@school.org",
        "ann@school",
        "ann@@school.org",
        "ann@sch@ool.org",
        "ann smith@school.org",
        "ann@school .org",
        "ann@school..org",
        "ann@.school.org",
        "ann@school.org.",
        "ann@-school.org",
        "ann@school-.org",
        "ann@school.org\x00",
        "ann\n@school.org",
        "ann@school.org\nbcc@evil.org",
        "ann@school.org,bob@school.org",
        "<ann@school.org>",
        "Ann <ann@school.org>",
        "ánn@school.org",
        "a/b@school.example",
        ".a@school.example",
        "o'brien@school'.org",  # an apostrophe has no place in a domain
        "o\u2019brien@school.org",  # the typographic apostrophe is not ASCII
        "a.@school.example",
        '"ann smith"@school.example',
        "ann@[192.0.2.1]",
        "ann@bücher.example",
        "ann@localhost.test",
        "ann@school.c0m",
        "x" * 60 + "@" + "y" * 60 + ".example",  # 129 characters: over Cognito's username bound
        "x" * 65 + "@school.org",
        "ann@" + "a" * 250 + ".org",
        "ann@" + "a" * 64 + ".org",
    ],
)
def test_email_refused(value):
    refused(lambda: v.normalise_email(value), "email")


def test_email_error_names_the_field_given():
    refused(lambda: v.normalise_email("nope", "query.email"), "query.email")


# --- names: 1 to 100 characters, no control characters ----------------------------------------


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("A", "A"),
        ("Ann", "Ann"),
        ("  Ann  ", "Ann"),
        ("Siân", "Siân"),
        ("Sia\u0302n", "Siân"),  # decomposed form is normalised (NFC)
        ("Llŷr", "Llŷr"),
        ("O'Brien-Jones", "O'Brien-Jones"),
        ("Mary Ann", "Mary Ann"),
        ("Zoë 李", "Zoë 李"),
        ("a" * 100, "a" * 100),
        (" " + "a" * 100 + " ", "a" * 100),
    ],
)
@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_name_ok(value, clean, field):
    assert v.name(value, field) == clean


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("a" * 101, id="101_chars"),
        pytest.param("Ann\x00", id="nul"),
        pytest.param("Ann\nSmith", id="newline"),
        pytest.param("Ann\rSmith", id="carriage_return"),
        pytest.param("Ann\tSmith", id="tab"),
        pytest.param("Ann\x1b[31m", id="escape"),
        pytest.param("Ann\x7f", id="delete"),
        pytest.param("Ann\x85Smith", id="c1_next_line"),
        pytest.param("Ann\u200bSmith", id="zero_width_space"),
        pytest.param("Ann\u202eSmith", id="right_to_left_override"),
        pytest.param("Ann\u2028Smith", id="line_separator"),
        pytest.param("Ann\u2029Smith", id="paragraph_separator"),
    ],
)
@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_name_refused(value, field):
    refused(lambda: v.name(value, field), field)


@pytest.mark.parametrize(
    ("value", "ok"), [("", True), ("Exams Officer", True), ("a" * 100, True), ("a" * 101, False)]
)
def test_job_role(value, ok):
    if ok:
        assert v.job_role(value) == value
    else:
        refused(lambda: v.job_role(value), "job_role")


def test_job_role_control_characters_refused():
    refused(lambda: v.job_role("Head\nof Maths"), "job_role")


@pytest.mark.parametrize(
    ("value", "ok"), [("Ysgol Gyfun", True), ("", False), ("a" * 200, True), ("a" * 201, False)]
)
def test_centre_name(value, ok):
    if ok:
        assert v.centre_name(value) == value
    else:
        refused(lambda: v.centre_name(value), "name")


# --- as people and centres are named, and nothing else (issue 22) -----------------------------

# Real names, English and Welsh first, then names of other languages and scripts; and issue 22's
# payloads with the same tricks in other characters. One list for the API and bulk invite's
# preview (console/tests/textRules.test.ts), which must judge them alike.
NAMES = json.loads((Path(__file__).resolve().parents[2] / "console" / "tests" / "names.json").read_text())
REAL_NAMES = NAMES["welcome"]
REFUSED_NAMES = NAMES["refused"]


@pytest.mark.parametrize("value", REAL_NAMES)
def test_real_names_are_welcome(value):
    assert v.name(value, "given_name") == value
    assert v.job_role(value) == value
    assert v.centre_name(value) == value


@pytest.mark.parametrize("value", REFUSED_NAMES)
@pytest.mark.parametrize(
    ("check", "field"),
    [
        (lambda value: v.name(value, "given_name"), "given_name"),
        (lambda value: v.name(value, "family_name"), "family_name"),
        (v.job_role, "job_role"),
        (v.centre_name, "name"),
    ],
)
def test_every_text_field_refuses_hidden_links_and_invisible_letters(value, check, field):
    refused(lambda: check(value), field)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("A\u034fnn", "must not contain invisible characters"),
        ("\u3164", "must not contain invisible characters"),
        ("https\u02d0evil", "must not look like a web address"),
        ("exam\ua4f8com", "must not mix alphabets within a word"),
        ("Natali\u0430", "must not mix alphabets within a word"),
    ],
)
def test_each_refusal_says_why(value, message):
    assert refused(lambda: v.name(value, "given_name"), "given_name").errors["given_name"] == message


@pytest.mark.parametrize(
    "value",
    [
        "School 21",
        "St Mary's C.E. (VA) High School",
        "UTC@harbourside",
        "Cardiff & Vale College",
        "Ysgol Gyfun Gŵyr",
        "King Edward VI Grammar School, Chelmsford",
        "Coleg Sir Gâr (Campws y Graig)",
        "Bishop's Stortford College",
    ],
)
def test_centre_names_as_the_register_writes_them(value):
    assert v.centre_name(value) == value


@pytest.mark.parametrize("value", ["School 21", "UTC@harbourside"])
def test_digits_and_at_signs_are_for_centre_names_only(value):
    refused(lambda: v.name(value, "given_name"), "given_name")


@pytest.mark.parametrize(
    "value", ["UTC@harbourside.com", "School 21 www.evil.example", "Centre: http", "Centre / Canolfan"]
)
def test_centre_names_hold_no_web_address(value):
    refused(lambda: v.centre_name(value), "name")


# --- titles: a fixed list ---------------------------------------------------------------------

TITLES = ["Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Prof", "Rev"]  # docs/rules.md


def test_the_fixed_list():
    assert list(v.TITLES) == TITLES


@pytest.mark.parametrize("value", TITLES)
def test_title_ok(value):
    assert v.title(value) == value


@pytest.mark.parametrize(
    "value", ["", "mr", "MR", "Mr.", " Mr", "Mr ", "Sir", "Lord", "Dame", "Doctor", "Mr\n"]
)
def test_title_refused(value):
    refused(lambda: v.title(value), "title")


# --- phone numbers: E.164 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("+447700900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+353851234567", "+353851234567"),
        ("+1234567", "+1234567"),  # 7 digits, the shortest
        ("+123456789012345", "+123456789012345"),  # 15 digits, the longest
    ],
)
def test_phone_ok(value, clean):
    assert v.phone_number(value) == clean


@pytest.mark.parametrize(
    "value",
    [
        "07700900123",
        "447700900123",
        "+4407700900123x",
        "+0447700900123",
        "+44-7700-900123",
        "+44(0)7700900123",
        "+123456",  # 6 digits
        "+1234567890123456",  # 16 digits
        "+",
        "",
        "+447700900123\n",
        "\n+447700900123",
        "+44\t7700900123",
        "++447700900123",
        "+44\uff17\uff17\uff10\uff10\uff19\uff10\uff10\uff11\uff12\uff13",
    ],
)
def test_phone_refused(value):
    refused(lambda: v.phone_number(value), "phone_number")


# --- language: en or cy -----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "language"), [("en", Language.ENGLISH), ("cy", Language.WELSH)])
def test_language_ok(value, language):
    assert v.language(value) is language


@pytest.mark.parametrize("value", ["", "EN", "Cy", "fr", "en-GB", "cy-GB", "en ", " cy", "english", "welsh"])
def test_language_refused(value):
    refused(lambda: v.language(value), "language")


# --- the other values of api.md ---------------------------------------------------------------


def test_account_type_values():
    assert [t.value for t in AccountType] == ["exams_officer", "admin", "user"]


def test_language_values():
    assert {lang.value for lang in Language} == {"en", "cy"}


def test_invalid_request_carries_the_fields():
    error = InvalidRequest("bad", {"a": "x", "b": "y"})
    assert error.errors == {"a": "x", "b": "y"}
    assert InvalidRequest("bad").errors == {}
