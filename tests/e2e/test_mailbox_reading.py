"""The mailbox reads every form of SES request, not only the one Portal's mailer uses today."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from urllib.parse import urlencode

import pytest

from local.mailbox import Mailbox, read_send_request

pytestmark = pytest.mark.e2e


def raw_message() -> bytes:
    message = EmailMessage()
    message["To"] = "Ann@Example.org, bob@example.org"
    message["Subject"] = "Hello"
    message.set_content("plain words")
    message.add_alternative("<p>rich words</p>", subtype="html")
    return bytes(message)


def test_ses_v1_send_email() -> None:
    body = urlencode(
        {
            "Action": "SendEmail",
            "Destination.ToAddresses.member.1": "ann@example.org",
            "Destination.CcAddresses.member.1": "cc@example.org",
            "Message.Subject.Data": "Hi",
            "Message.Body.Text.Data": "text",
            "Message.Body.Html.Data": "<b>html</b>",
        }
    ).encode()
    assert read_send_request("POST", "/", body) == (
        ["ann@example.org", "cc@example.org"],
        "Hi",
        "text",
        "<b>html</b>",
    )


def test_ses_v1_raw_and_v2_raw() -> None:
    data = base64.b64encode(raw_message()).decode()
    v1 = urlencode({"Action": "SendRawEmail", "RawMessage.Data": data}).encode()
    v2 = json.dumps({"Content": {"Raw": {"Data": data}}}).encode()
    for sent in (
        read_send_request("POST", "/", v1),
        read_send_request("POST", "/v2/email/outbound-emails", v2),
    ):
        assert sent is not None
        recipients, subject, text, html = sent
        assert recipients == ["Ann@Example.org", "bob@example.org"]
        assert (subject, text.strip(), html.strip()) == ("Hello", "plain words", "<p>rich words</p>")


def test_other_requests_are_not_mail() -> None:
    assert read_send_request("POST", "/", b"Action=VerifyEmailIdentity&EmailAddress=a%40b.c") is None
    assert read_send_request("GET", "/v2/email/outbound-emails", b"") is None


def test_newest_first_and_any_case() -> None:
    box = Mailbox()
    box.deliver(["Ann@Example.org"], "first", "1", "")
    box.deliver(["ann@example.org", "bob@example.org"], "second", "2", "")
    assert [m.subject for m in box.for_address("ANN@example.ORG")] == ["second", "first"]
    assert [m.subject for m in box.for_address("bob@example.org")] == ["second"]
