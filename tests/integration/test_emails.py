"""Every email in English and Welsh: every value in place, codes kept for Cognito, HTML escaped."""

from __future__ import annotations

import re

import pytest
from portal.domain.model import NOTICES, AccountType, EmailKind, Language, Permission
from portal.emails import (
    CODE_PLACEHOLDER,
    VALUES,
    MissingValue,
    account_type_label,
    permissions_label,
    render,
)
from portal.emails.render import template_for

SAMPLE = {
    "brand": "WJEC",
    "portal_url": "https://portal.example.org/",
    "given_name": "Ann",
    "email": "ann@example.org",
    "temporary_password": "Tmp9pass4Word",
    "inviter_name": "Eira Owen",
    "centre_name": "Ysgol Gyfun Demo",
    "centre_id": "68101",
    "expires_on": "2027-01-28",
    "code": CODE_PLACEHOLDER,
    "account_type": "admin",
    "permissions": "resources, entries, results",
    "helpdesk_email": "helpdesk@example.org",
    "methods": "SOFTWARE_TOKEN_MFA,EMAIL_OTP",
    "phone_number": "+447700900123",
    "when": "2026-07-01T13:05:00+00:00",
}
WORDED = {"account_type", "permissions", "expires_on", "methods", "phone_number", "when"}
"""Values an email words for people rather than shows as given."""
WITH_LINK = (
    set(EmailKind) - NOTICES - {EmailKind.ACCESS_CODE, EmailKind.MFA_CODE, EmailKind.ACCOUNT_REMOVED}
) | {
    EmailKind.MFA_RESET,
    EmailKind.ACCOUNT_ENABLED,
}
"""A security notice carries no link (a link is what a look-alike notice would carry), but
where the person is asked to sign in again."""
KINDS_AND_LANGUAGES = [(k, lang) for k in EmailKind for lang in Language]
LEFTOVER = re.compile(r"\$\{?[A-Za-z_]")


def values_for(kind, **override):
    needed = {"brand", "portal_url", "given_name"} | VALUES[kind]
    return {name: override.get(name, SAMPLE[name]) for name in needed}


@pytest.mark.parametrize(("kind", "language"), KINDS_AND_LANGUAGES)
def test_every_kind_renders_every_value_in_both_languages(kind, language):
    values = values_for(kind)
    email = render(kind, language, values)

    for part in (email.subject, email.text, email.html):
        assert not LEFTOVER.search(part), part
        assert "WJEC" in part
    for name in VALUES[kind] - WORDED:
        assert values[name] in email.text, name
    assert "Ann" in email.text
    assert f'<html lang="{language.value}">' in email.html
    assert ('href="https://portal.example.org/"' in email.html) is (kind in WITH_LINK)


@pytest.mark.parametrize("kind", [EmailKind.ACCESS_CODE, EmailKind.MFA_CODE])
@pytest.mark.parametrize("language", list(Language))
def test_cognito_s_code_placeholder_survives_in_text_and_html(kind, language):
    email = render(kind, language, values_for(kind))
    assert CODE_PLACEHOLDER in email.text
    assert CODE_PLACEHOLDER in email.html


@pytest.mark.parametrize(("kind", "language"), KINDS_AND_LANGUAGES)
def test_every_inserted_value_is_escaped_in_html(kind, language):
    hostile = '<script>alert("x")</script>&'
    values = dict.fromkeys(values_for(kind), hostile)

    email = render(kind, language, values)

    assert "<script>" not in email.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in email.html
    assert hostile in email.text  # plain text is plain
    assert "\n" not in email.subject


@pytest.mark.parametrize("kind", list(EmailKind))
def test_welsh_is_written_in_welsh(kind):
    english = render(kind, Language.ENGLISH, values_for(kind))
    welsh = render(kind, Language.WELSH, values_for(kind))

    assert welsh.subject != english.subject
    assert welsh.text != english.text
    assert "Helo Ann" in welsh.text and "Hello Ann" in english.text
    assert "Portal WJEC" in welsh.text


def test_the_templates_words_read_as_the_brief_asks():
    invitation = render(EmailKind.INVITATION, Language.WELSH, values_for(EmailKind.INVITATION))
    assert invitation.subject == "Gwahoddiad i Portal WJEC"
    assert "Cyfrinair dros dro: Tmp9pass4Word" in invitation.text
    assert "28 Ionawr 2027" in invitation.text
    english = render(EmailKind.INVITATION, Language.ENGLISH, values_for(EmailKind.INVITATION))
    assert "28 January 2027" in english.text
    assert "Temporary password: Tmp9pass4Word" in english.text


def test_raw_account_types_and_permissions_are_worded_for_the_reader():
    values = values_for(EmailKind.ACCESS_CHANGED, account_type="user", permissions="resources, results")
    welsh = render(EmailKind.ACCESS_CHANGED, Language.WELSH, values)
    english = render(EmailKind.ACCESS_CHANGED, Language.ENGLISH, values)

    assert "Math o gyfrif: Defnyddiwr" in welsh.text
    assert "Canlyniadau" in welsh.text
    assert "Account type: User" in english.text
    assert "Past papers, marking schemes and resources; Results" in english.text


def test_labels_cover_every_account_type_and_permission_in_both_languages():
    for language in Language:
        labels = {account_type_label(t, language) for t in AccountType}
        assert len(labels) == len(AccountType)
        assert permissions_label(list(Permission), language).count(";") == len(Permission) - 1
    assert account_type_label(AccountType.EXAMS_OFFICER, Language.WELSH) == "Swyddog Arholiadau"


def test_a_missing_value_is_an_error_not_a_blank():
    values = values_for(EmailKind.INVITATION)
    del values["temporary_password"]
    with pytest.raises(MissingValue, match="temporary_password"):
        render(EmailKind.INVITATION, Language.ENGLISH, values)


def test_an_empty_first_name_still_greets_politely():
    email = render(EmailKind.MFA_RESET, Language.WELSH, values_for(EmailKind.MFA_RESET, given_name=""))
    assert email.text.startswith("Helo,\n")


def test_no_email_takes_another_member_s_details():
    """Only the inviter's name: no template has a placeholder for anyone else's details."""
    for kind in EmailKind:
        for language in Language:
            chosen = template_for(kind, language)
            names = set(re.findall(r"\$\{?([a-z_]+)", chosen.text.template + chosen.html.template))
            assert names <= {"brand", "portal_url", "given_name", "greeting"} | VALUES[kind]


@pytest.mark.parametrize("kind", sorted(NOTICES))
@pytest.mark.parametrize("language", list(Language))
def test_every_security_notice_says_where_to_turn_and_names_nobody_else(kind, language):
    email = render(kind, language, values_for(kind))

    assert "helpdesk@example.org" in email.text
    assert VALUES[kind] <= {"helpdesk_email", "methods", "phone_number", "when"}  # no other person's details
    assert "7700900123" not in email.text  # at most the last digits of a phone number


def test_a_notice_words_methods_phone_and_time_for_people():
    values = values_for(EmailKind.MFA_CHANGED) | {"phone_number": "+447700900123"}
    assert "authenticator app, email" in render(EmailKind.MFA_CHANGED, Language.ENGLISH, values).text
    assert "ap dilysu, e-bost" in render(EmailKind.MFA_CHANGED, Language.WELSH, values).text
    phone = render(EmailKind.PHONE_CHANGED, Language.ENGLISH, values_for(EmailKind.PHONE_CHANGED))
    assert "a number ending 123" in phone.text
    cleared = values_for(EmailKind.PHONE_CHANGED, phone_number="")
    assert "Phone number: none" in render(EmailKind.PHONE_CHANGED, Language.ENGLISH, cleared).text
    risky = render(EmailKind.RISKY_SIGN_IN, Language.WELSH, values_for(EmailKind.RISKY_SIGN_IN))
    assert "1 Gorffennaf 2026 am 14:05 (amser y DU)" in risky.text
