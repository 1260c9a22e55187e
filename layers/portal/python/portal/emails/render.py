"""Render a template: check every value is given, word raw values for people, escape for HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from string import Template

from portal.domain.model import AccountType, EmailKind, Language, MfaMethod, Permission
from portal.emails import english, welsh
from portal.emails.labels import (
    account_type_label,
    date_label,
    methods_label,
    moment_label,
    permissions_label,
    phone_label,
)
from portal.emails.layout import EmailTemplate

COMMON = frozenset({"brand", "portal_url", "given_name"})
INVITATION_VALUES = frozenset(
    {"email", "temporary_password", "inviter_name", "centre_name", "centre_id", "expires_on"}
)
VALUES: dict[EmailKind, frozenset[str]] = {
    EmailKind.INVITATION: INVITATION_VALUES,
    EmailKind.NEW_INVITATION: INVITATION_VALUES,
    EmailKind.ACCESS_CODE: frozenset({"code"}),
    EmailKind.MFA_CODE: frozenset({"code"}),
    EmailKind.ADDED_TO_CENTRE: frozenset({"inviter_name", "centre_name", "centre_id", "account_type"}),
    EmailKind.ACCESS_CHANGED: frozenset({"centre_name", "centre_id", "account_type", "permissions"}),
    EmailKind.ACCOUNT_REMOVED: frozenset({"centre_name", "centre_id"}),
    EmailKind.MFA_RESET: frozenset({"helpdesk_email"}),
    EmailKind.PASSWORD_CHANGED: frozenset({"helpdesk_email"}),
    EmailKind.PASSWORD_RESET: frozenset({"helpdesk_email"}),
    EmailKind.MFA_SET_UP: frozenset({"methods", "helpdesk_email"}),
    EmailKind.MFA_CHANGED: frozenset({"methods", "helpdesk_email"}),
    EmailKind.PASSKEY_ADDED: frozenset({"helpdesk_email"}),
    EmailKind.PASSKEY_REMOVED: frozenset({"helpdesk_email"}),
    EmailKind.PHONE_CHANGED: frozenset({"phone_number", "helpdesk_email"}),
    EmailKind.ACCOUNT_DISABLED: frozenset({"helpdesk_email"}),
    EmailKind.ACCOUNT_ENABLED: frozenset({"helpdesk_email"}),
    EmailKind.RISKY_SIGN_IN: frozenset({"when", "helpdesk_email"}),
}
"""The values each kind needs besides the common ones; nothing else is ever put in an email."""

CODE_PLACEHOLDER = "{####}"
"""Cognito's stand-in for a code: it must reach Cognito untouched, in text and HTML alike."""

_SEPARATORS = re.compile(r"\s*[,;]\s*")


class MissingValue(ValueError):
    """A template was given too few values: a programming error, caught by the tests."""


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


TEMPLATES: dict[Language, dict[EmailKind, EmailTemplate]] = {
    Language.ENGLISH: english.TEMPLATES,
    Language.WELSH: welsh.TEMPLATES,
}
GREETINGS: dict[Language, tuple[str, str]] = {
    Language.ENGLISH: (english.GREETING, english.GREETING_NO_NAME),
    Language.WELSH: (welsh.GREETING, welsh.GREETING_NO_NAME),
}


def template_for(kind: EmailKind, language: Language) -> EmailTemplate:
    return TEMPLATES[language][kind]


def render(kind: EmailKind, language: Language, values: Mapping[str, str]) -> RenderedEmail:
    """The email of `kind` in `language`. Raises MissingValue if a value it needs is absent."""
    needed = COMMON | VALUES[kind]
    missing = sorted(needed - set(values))
    if missing:
        raise MissingValue(f"{kind.value} email needs {', '.join(missing)}")
    words = {name: _word(name, str(values[name]), language) for name in needed}
    named, unnamed = GREETINGS[language]
    greeting = named if words["given_name"].strip() else unnamed
    words["greeting"] = Template(greeting).substitute(words)
    chosen = template_for(kind, language)
    try:
        subject = chosen.subject.substitute({k: _one_line(v) for k, v in words.items()})
        text = chosen.text.substitute(words)
        markup = chosen.html.substitute({k: html.escape(v, quote=True) for k, v in words.items()})
    except KeyError as error:
        raise MissingValue(f"{kind.value} email needs {error.args[0]}") from error
    return RenderedEmail(subject=subject, text=text, html=markup)


def _word(name: str, raw: str, language: Language) -> str:
    """Raw values (an account type, permission names, an ISO date) in the recipient's words."""
    if name == "account_type" and raw in AccountType._value2member_map_:
        return account_type_label(AccountType(raw), language)
    if name == "permissions":
        names = [p for p in _SEPARATORS.split(raw.strip()) if p]
        if names and all(p in Permission._value2member_map_ for p in names):
            return permissions_label((Permission(p) for p in names), language)
    if name == "methods":
        names = [m for m in _SEPARATORS.split(raw.strip()) if m]
        if all(m in MfaMethod._value2member_map_ for m in names):
            return methods_label((MfaMethod(m) for m in names), language)
    if name == "phone_number":
        return phone_label(raw, language)
    if name == "when":
        try:
            return moment_label(datetime.fromisoformat(raw), language)
        except ValueError:
            return raw
    if name == "expires_on":
        try:
            return date_label(date.fromisoformat(raw), language)
        except ValueError:
            return raw
    return raw


def _one_line(value: str) -> str:
    """A subject is one line, whatever a name contains."""
    return " ".join(value.split())
