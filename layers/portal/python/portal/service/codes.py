"""The emails Cognito sends with a code (a forgotten password, email MFA), in Portal's words.

Cognito sends them, from its custom message trigger; Portal only words them, in the person's
language, with Cognito's `{####}` left in place for Cognito to fill with the code.
"""

from __future__ import annotations

import logging

from portal.domain.errors import PortalError
from portal.domain.model import EmailKind, Language
from portal.emails import RenderedEmail, render
from portal.service import people
from portal.service.deps import Deps
from portal.service.notify import email_values

log = logging.getLogger(__name__)
CODE_KINDS = frozenset({EmailKind.ACCESS_CODE, EmailKind.MFA_CODE})


def code_email(deps: Deps, kind: EmailKind, user_id: str | None, given_name: str, code: str) -> RenderedEmail:
    """Raises ValueError for a kind that carries no code, MissingValue if a template needs more."""
    if kind not in CODE_KINDS:
        raise ValueError(f"{kind.value} is not an email Cognito sends")
    return render(kind, _language(deps, user_id), email_values(deps, given_name, code=code))


def _language(deps: Deps, user_id: str | None) -> Language:
    """From Portal's store, where the profile is edited; English if it cannot be read: a code in
    the other language is better than no code."""
    if not user_id:
        return Language.ENGLISH
    try:
        return people.language_of(deps, user_id)
    except PortalError:
        log.warning("language not read; English used")
        return Language.ENGLISH
