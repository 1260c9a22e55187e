"""The local mailbox: every email sent through the emulated SES, readable by recipient; and the
local SMS outbox, every text message the Cognito emulation sends.

Email cannot leave the machine, so the SES requests that moto accepts are recorded on the way
in. Recording the request, not moto's stored copy, keeps both the text and the HTML part (moto
keeps one of them) and works the same for SES v1, SES v2 and raw MIME messages.
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from local.aws import WsgiApp

V2_SEND_PATH = "/v2/email/outbound-emails"


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str
    sent_at: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


class Mailbox:
    """Thread-safe: moto's server, the gateway and the tests read and write it at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mails: list[Mail] = []

    def deliver(self, recipients: Iterable[str], subject: str, text: str, html: str) -> None:
        sent_at = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._mails.extend(Mail(to, subject, text, html, sent_at) for to in recipients)

    def for_address(self, address: str) -> list[Mail]:
        """Newest first; addresses compare case-insensitively, as mail servers treat them."""
        wanted = address.strip().lower()
        with self._lock:
            return [m for m in reversed(self._mails) if m.to.strip().lower() == wanted]


@dataclass(frozen=True, slots=True)
class Sms:
    to: str
    text: str
    sent_at: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


class SmsOutbox:
    """The text messages Cognito would send through SNS (MFA and verification codes), by number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[Sms] = []

    def deliver(self, to: str, text: str) -> None:
        sent_at = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._messages.append(Sms(to, text, sent_at))

    def for_number(self, number: str) -> list[Sms]:
        """Newest first. A `+` left unencoded in a query string arrives as a space: it is put back."""
        wanted = "+" + number.strip().lstrip("+")
        with self._lock:
            return [m for m in reversed(self._messages) if m.to == wanted]


# --- reading SES requests ---------------------------------------------------------------------


def _members(form: dict[str, list[str]], prefix: str) -> list[str]:
    """The values of an AWS query-protocol list, e.g. `Destination.ToAddresses.member.1`."""
    keys = sorted(
        (k for k in form if k.startswith(prefix + ".member.")), key=lambda k: int(k.rsplit(".", 1)[1])
    )
    return [form[k][0] for k in keys]


def _from_mime(raw: bytes) -> tuple[list[str], str, str, str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    recipients = [
        addr.strip()
        for header in ("To", "Cc")
        for addr in str(message.get(header, "")).split(",")
        if addr.strip()
    ]
    text = html = ""
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        content = part.get_content()
        if part.get_content_type() == "text/plain" and not text:
            text = str(content)
        elif part.get_content_type() == "text/html" and not html:
            html = str(content)
    return recipients, str(message.get("Subject", "")), text, html


def _v1(form: dict[str, list[str]]) -> tuple[list[str], str, str, str] | None:
    action = form.get("Action", [""])[0]
    if action == "SendEmail":
        recipients = [
            *_members(form, "Destination.ToAddresses"),
            *_members(form, "Destination.CcAddresses"),
            *_members(form, "Destination.BccAddresses"),
        ]

        def one(key: str) -> str:
            return form.get(key, [""])[0]

        return (
            recipients,
            one("Message.Subject.Data"),
            one("Message.Body.Text.Data"),
            one("Message.Body.Html.Data"),
        )
    if action == "SendRawEmail":
        recipients, subject, text, html = _from_mime(base64.b64decode(form["RawMessage.Data"][0]))
        return _members(form, "Destinations") or recipients, subject, text, html
    return None


def _v2(body: dict[str, Any]) -> tuple[list[str], str, str, str] | None:
    destination = body.get("Destination") or {}
    listed = [
        *destination.get("ToAddresses", []),
        *destination.get("CcAddresses", []),
        *destination.get("BccAddresses", []),
    ]
    content = body.get("Content") or {}
    if "Simple" in content:
        simple = content["Simple"]
        parts = simple.get("Body") or {}
        return (
            listed,
            (simple.get("Subject") or {}).get("Data", ""),
            (parts.get("Text") or {}).get("Data", ""),
            (parts.get("Html") or {}).get("Data", ""),
        )
    if "Raw" in content:
        recipients, subject, text, html = _from_mime(base64.b64decode(content["Raw"]["Data"]))
        return listed or recipients, subject, text, html
    return None


def read_send_request(method: str, path: str, body: bytes) -> tuple[list[str], str, str, str] | None:
    """(recipients, subject, text, html) if the request sends an email through SES, else None."""
    if method != "POST":
        return None
    if path.rstrip("/") == V2_SEND_PATH:
        try:
            return _v2(json.loads(body or b"{}"))
        except ValueError:
            return None
    if b"Action=Send" not in body:
        return None
    return _v1(parse_qs(body.decode("utf-8", "replace")))


def recording(mailbox: Mailbox) -> Callable[[WsgiApp], WsgiApp]:
    """A WSGI middleware for moto's server: what moto accepts (2xx) goes into `mailbox`."""

    def wrap(app: WsgiApp) -> WsgiApp:
        def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            sent = read_send_request(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), body)
            status: list[str] = []

            def capture(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
                status.append(code)
                return start_response(code, headers, exc_info) if exc_info else start_response(code, headers)

            result = app(environ, capture)
            try:
                yield from result
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            if sent is not None and status and status[0].startswith("2"):
                recipients, subject, text, html = sent
                mailbox.deliver(recipients, subject, text, html)

        return middleware

    return wrap
