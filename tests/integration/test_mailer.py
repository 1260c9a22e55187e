"""The SES mailer: what SES receives, through the configuration set; refusals are Unavailable."""

from __future__ import annotations

import pytest
from portal.adapters.mailer import SesMailer
from portal.domain.errors import Unavailable
from portal.domain.model import EmailKind, Language

from tests.integration.conftest import ses_backend

VALUES = {
    "brand": "WJEC",
    "portal_url": "https://portal.example.org/",
    "given_name": "Ann",
    "centre_name": "Ysgol & Coleg <Demo>",
    "centre_id": "68101",
    "helpdesk_email": "ithelpdesk@example.org",
}


def test_an_email_goes_from_the_sender_through_the_configuration_set(mailer, settings, sent_emails):
    mailer.send("ann@example.org", EmailKind.ACCOUNT_REMOVED, Language.WELSH, VALUES)

    (sent,) = sent_emails()
    assert sent.to == "ann@example.org"
    assert sent.configuration_set == settings.configuration_set
    assert sent.subject == "Mae eich mynediad i Portal WJEC ar gyfer Ysgol & Coleg <Demo> wedi dod i ben"
    assert "Ysgol & Coleg <Demo>" in sent.text
    assert "Ysgol &amp; Coleg &lt;Demo&gt;" in sent.html
    (stored,) = ses_backend().sent_messages  # what moto itself kept: one body part, the HTML
    assert stored.source == settings.sender
    assert stored.destinations["ToAddresses"] == ["ann@example.org"]
    assert stored.body == sent.html


def test_without_a_configuration_set_none_is_named(settings, clients, sent_emails):
    SesMailer(clients.sesv2, settings.sender).send(
        "ann@example.org", EmailKind.MFA_RESET, Language.ENGLISH, VALUES
    )
    assert sent_emails()[0].configuration_set is None


def test_an_unverified_sender_is_rejected_by_ses_and_unavailable(settings, clients, sent_emails):
    stranger = SesMailer(clients.sesv2, "someone@unverified.example.com", settings.configuration_set)
    with pytest.raises(Unavailable):
        stranger.send("ann@example.org", EmailKind.MFA_RESET, Language.ENGLISH, VALUES)
    assert sent_emails() == []


def test_any_ses_refusal_is_unavailable(mailer, clients, fail, sent_emails):
    rejected = fail.aws(clients.sesv2, "send_email", "MessageRejected", "Email address is not verified.")
    with pytest.raises(Unavailable):
        mailer.send("ann@example.org", EmailKind.MFA_RESET, Language.ENGLISH, VALUES)
    assert rejected.failed == 1
    fail.aws(clients.sesv2, "send_email", "TooManyRequestsException")
    with pytest.raises(Unavailable):
        mailer.send("ann@example.org", EmailKind.MFA_RESET, Language.ENGLISH, VALUES)
    assert sent_emails() == []

    mailer.send("ann@example.org", EmailKind.MFA_RESET, Language.ENGLISH, VALUES)
    assert len(sent_emails()) == 1
