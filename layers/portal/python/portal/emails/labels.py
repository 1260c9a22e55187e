"""Human words for Portal's values, in English and Welsh: what an email calls an account type,
a permission, a date. The service may call these; `render` also applies them to raw values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from portal.domain.model import AccountType, Language, MfaMethod, Permission
from portal.domain.release import uk_offset

ACCOUNT_TYPES: dict[Language, dict[AccountType, str]] = {
    Language.ENGLISH: {
        AccountType.EXAMS_OFFICER: "Exams Officer",
        AccountType.ADMIN: "Admin",
        AccountType.USER: "User",
    },
    Language.WELSH: {
        AccountType.EXAMS_OFFICER: "Swyddog Arholiadau",
        AccountType.ADMIN: "Gweinyddwr",
        AccountType.USER: "Defnyddiwr",
    },
}

PERMISSIONS: dict[Language, dict[Permission, str]] = {
    Language.ENGLISH: {
        Permission.RESOURCES: "Past papers, marking schemes and resources",
        Permission.A2C_KEYS: "A2C access keys",
        Permission.QUESTION_PAPERS: "Today's question papers",
        Permission.IAMIS: "Internal assessment mark input",
        Permission.ACCESS_ARRANGEMENTS: "Access arrangements and modified papers",
        Permission.ENTRIES: "Entries",
        Permission.RESULTS: "Results",
        Permission.VIEW_SCRIPTS: "Candidate scripts",
    },
    Language.WELSH: {
        Permission.RESOURCES: "Cyn-bapurau, cynlluniau marcio ac adnoddau",
        Permission.A2C_KEYS: "Allweddi mynediad A2C",
        Permission.QUESTION_PAPERS: "Papurau cwestiynau heddiw",
        Permission.IAMIS: "Mewnbynnu marciau asesu mewnol",
        Permission.ACCESS_ARRANGEMENTS: "Trefniadau mynediad a phapurau wedi'u haddasu",
        Permission.ENTRIES: "Cofrestriadau",
        Permission.RESULTS: "Canlyniadau",
        Permission.VIEW_SCRIPTS: "Sgriptiau ymgeiswyr",
    },
}

MONTHS: dict[Language, tuple[str, ...]] = {
    Language.ENGLISH: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    Language.WELSH: (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
}


def account_type_label(account_type: AccountType, language: Language) -> str:
    return ACCOUNT_TYPES[language][account_type]


def permission_label(permission: Permission, language: Language) -> str:
    return PERMISSIONS[language][permission]


def permissions_label(permissions: Iterable[Permission], language: Language) -> str:
    """One line, in the catalogue's order (the order of the tiles), not alphabetical."""
    held = set(permissions)
    return "; ".join(PERMISSIONS[language][p] for p in Permission if p in held)


def date_label(day: date, language: Language) -> str:
    """28 January 2027 / 28 Ionawr 2027: no ambiguity between UK and US order."""
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


MFA_METHODS: dict[Language, dict[MfaMethod, str]] = {
    Language.ENGLISH: {
        MfaMethod.AUTHENTICATOR_APP: "authenticator app",
        MfaMethod.TEXT_MESSAGE: "text message",
        MfaMethod.EMAIL: "email",
        MfaMethod.PASSKEY: "passkey",
    },
    Language.WELSH: {
        MfaMethod.AUTHENTICATOR_APP: "ap dilysu",
        MfaMethod.TEXT_MESSAGE: "neges destun",
        MfaMethod.EMAIL: "e-bost",
        MfaMethod.PASSKEY: "cyfrinallwedd",
    },
}
NO_METHOD = {
    Language.ENGLISH: "none (you will set one up at your next sign-in)",
    Language.WELSH: "dim (byddwch yn gosod un y tro nesaf y byddwch yn mewngofnodi)",
}
NO_PHONE = {Language.ENGLISH: "none", Language.WELSH: "dim"}
PHONE_ENDING = {Language.ENGLISH: "a number ending {}", Language.WELSH: "rhif sy'n gorffen â {}"}
AT_TIME = {Language.ENGLISH: "{} at {} (UK time)", Language.WELSH: "{} am {} (amser y DU)"}


def methods_label(methods: Iterable[MfaMethod], language: Language) -> str:
    """In Cognito's order (app, text, email); "none" when every method is off."""
    held = set(methods)
    words = [MFA_METHODS[language][m] for m in MfaMethod if m in held]
    return ", ".join(words) if words else NO_METHOD[language]


def phone_label(phone: str, language: Language) -> str:
    """Only the last digits: enough for the person to recognise their own number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return PHONE_ENDING[language].format(digits[-3:]) if digits else NO_PHONE[language]


def moment_label(moment: datetime, language: Language) -> str:
    """28 January 2027 at 14:05 (UK time): the person reads it as their own clock shows it."""
    local = moment.astimezone(uk_offset(moment.date()))
    return AT_TIME[language].format(date_label(local.date(), language), local.strftime("%H:%M"))
