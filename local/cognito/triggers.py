"""Cognito's triggers and messages, run with the same code and events as in AWS.

Every code Cognito sends goes through Portal's custom message trigger first (with the trigger
source Cognito uses: ForgotPassword, Authentication for MFA codes, VerifyUserAttribute), then by
email through the emulated SES from Portal's sender (so it lands in the mailbox) or by SMS into
the local SMS outbox. The post-authentication trigger runs after every sign-in but refreshes.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mypy_boto3_sesv2 import SESV2Client

from local.cognito import signals
from local.cognito.errors import CognitoError
from local.cognito.store import Person
from local.events import trigger_event
from local.mailbox import SmsOutbox

log = logging.getLogger("local.cognito")

CODE_PARAMETER = "{####}"
# Cognito's default wording, used where the trigger leaves a message unset
DEFAULT_SUBJECT = "Your verification code"
DEFAULT_MESSAGE = {
    "CustomMessage_ForgotPassword": f"Your password reset code is {CODE_PARAMETER}",
    "CustomMessage_Authentication": f"Your authentication code is {CODE_PARAMETER}. ",
    "CustomMessage_VerifyUserAttribute": f"Your verification code is {CODE_PARAMETER}. ",
}
BLOCK_END = re.compile(r"<\s*(br\s*/?|/p|/div|/h\d|/li|/tr|/table)\s*>", re.IGNORECASE)
CELL_END = re.compile(r"<\s*/t[dh]\s*>", re.IGNORECASE)


class Invoker(Protocol):
    def available(self, name: str) -> bool: ...
    def invoke(self, name: str, event: dict[str, Any]) -> Any: ...


@dataclass(frozen=True, slots=True)
class Pool:
    user_pool_id: str
    client_id: str
    sender: str
    configuration_set: str | None = None


def plain_text(markup: str) -> str:
    """A readable text part for an HTML message (Cognito sends only the HTML): a blank line
    between blocks, a label and its value on one line."""
    text = BLOCK_END.sub("\n\n", CELL_END.sub(" ", markup))
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


class Triggers:
    def __init__(self, functions: Invoker, pool: Pool, ses: SESV2Client, sms: SmsOutbox) -> None:
        self._functions = functions
        self._pool = pool
        self._ses = ses
        self._sms = sms

    def _run(self, name: str, event: dict[str, Any]) -> dict[str, Any] | None:
        """Invoke a trigger function; its failure fails the Cognito call, as in AWS."""
        if not self._functions.available(name):
            log.warning(
                "lambdas/%s is missing: Cognito's %s trigger is skipped", name, event["triggerSource"]
            )
            return None
        try:
            result = self._functions.invoke(name, event)
        except Exception as error:
            log.exception("trigger %s failed", name)
            raise CognitoError(
                "UserLambdaValidationException", f"{event['triggerSource']} failed with error {error}."
            ) from error
        return result if isinstance(result, dict) else None

    def post_authentication(self, person: Person, client_metadata: Mapping[str, str]) -> None:
        event = trigger_event(
            "PostAuthentication_Authentication",
            self._pool.user_pool_id,
            person.username,
            self._pool.client_id,
            _attributes(person),
            request={"newDeviceUsed": False, "clientMetadata": dict(client_metadata)},
        )
        self._run("post_authentication", event)

    def api_call(self, operation: str, person: Person, request: Mapping[str, Any] | None = None) -> None:
        """What EventBridge delivers after a public API call that changed the person's account.
        Delivered after the call succeeded, and its failure does not fail the call (EventBridge
        invokes its target asynchronously)."""
        self._deliver("account_events", signals.api_call(operation, person, self._pool.user_pool_id, request))

    def sign_in(self, person: Person, event: dict[str, Any]) -> None:
        """What the user-activity log's subscription delivers after a sign-in attempt."""
        self._deliver("sign_in_activity", signals.activity_log(event, person, self._pool.user_pool_id))

    def _deliver(self, name: str, event: dict[str, Any]) -> None:
        if not self._functions.available(name):
            log.warning("lambdas/%s is missing: its security events are not handled", name)
            return
        try:
            self._functions.invoke(name, event)
        except Exception:
            log.exception("%s failed on an event (AWS would retry it)", name)

    def send_code(
        self,
        source: str,
        person: Person,
        code: str,
        by_sms: bool = False,
        client_metadata: Mapping[str, str] | None = None,
    ) -> None:
        """Word a code with the custom message trigger (`source` e.g. CustomMessage_Authentication),
        then send it by email to the person's email, or by SMS to their phone number."""
        event = trigger_event(
            source,
            self._pool.user_pool_id,
            person.username,
            self._pool.client_id,
            _attributes(person),
            request={
                "codeParameter": CODE_PARAMETER,
                "linkParameter": "{##Click Here##}",
                "usernameParameter": None,
                "clientMetadata": dict(client_metadata or {}),
            },
            response={"smsMessage": None, "emailMessage": None, "emailSubject": None},
        )
        response = (self._run("custom_message", event) or {}).get("response") or {}
        key = "smsMessage" if by_sms else "emailMessage"
        message = response.get(key) or DEFAULT_MESSAGE[source]
        if CODE_PARAMETER not in message:
            # Cognito refuses a custom message that drops the code and sends its default.
            log.warning("the custom message has no %s: Cognito's default message is sent", CODE_PARAMETER)
            message = DEFAULT_MESSAGE[source]
        message = message.replace(CODE_PARAMETER, code)
        if by_sms:
            self._sms.deliver(person.phone, message)
        else:
            self._send_email(person.email, response.get("emailSubject") or DEFAULT_SUBJECT, message)

    def _send_email(self, to: str, subject: str, message: str) -> None:
        request: dict[str, Any] = {
            "FromEmailAddress": self._pool.sender,
            "Destination": {"ToAddresses": [to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {
                        "Html": {"Data": message, "Charset": "UTF-8"},
                        "Text": {"Data": plain_text(message), "Charset": "UTF-8"},
                    },
                }
            },
        }
        if self._pool.configuration_set:
            request["ConfigurationSetName"] = self._pool.configuration_set
        self._ses.send_email(**request)


def _attributes(person: Person) -> dict[str, str]:
    """As a trigger event carries them."""
    return {**person.attributes, "cognito:user_status": person.status}
