"""Cognito's triggers and messages, run by the proxy with the same code and events as in AWS."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mypy_boto3_sesv2 import SESV2Client

from local.cognito.errors import CognitoError
from local.events import trigger_event

log = logging.getLogger("local.cognito")

CODE_PARAMETER = "{####}"
DEFAULT_SUBJECT = "Your verification code"
DEFAULT_MESSAGE = f"Your password reset code is {CODE_PARAMETER}"


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
    """A readable text part for an HTML message (Cognito sends only the HTML)."""
    text = re.sub(r"<\s*(br|/p|/div|/h\d|/li)\s*/?>", "\n", markup, flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


class Triggers:
    def __init__(self, functions: Invoker, pool: Pool, ses: SESV2Client) -> None:
        self._functions = functions
        self._pool = pool
        self._ses = ses

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

    def post_authentication(
        self, username: str, attributes: Mapping[str, str], client_metadata: Mapping[str, str]
    ) -> None:
        event = trigger_event(
            "PostAuthentication_Authentication",
            self._pool.user_pool_id,
            username,
            self._pool.client_id,
            attributes,
            request={"newDeviceUsed": False, "clientMetadata": dict(client_metadata)},
        )
        self._run("post_authentication", event)

    def forgot_password(
        self, username: str, attributes: Mapping[str, str], code: str, client_metadata: Mapping[str, str]
    ) -> None:
        """Word the code's email with the custom message trigger, then send it through SES."""
        event = trigger_event(
            "CustomMessage_ForgotPassword",
            self._pool.user_pool_id,
            username,
            self._pool.client_id,
            attributes,
            request={
                "codeParameter": CODE_PARAMETER,
                "linkParameter": "{##Click Here##}",
                "usernameParameter": None,
                "clientMetadata": dict(client_metadata),
            },
            response={"smsMessage": None, "emailMessage": None, "emailSubject": None},
        )
        result = self._run("custom_message", event) or {}
        response = result.get("response") or {}
        message = response.get("emailMessage") or DEFAULT_MESSAGE
        if CODE_PARAMETER not in message:
            # Cognito refuses a custom message that drops the code and sends its default.
            log.warning("the custom message has no %s: Cognito's default message is sent", CODE_PARAMETER)
            message = DEFAULT_MESSAGE
        message = message.replace(CODE_PARAMETER, code)
        self._send(attributes["email"], response.get("emailSubject") or DEFAULT_SUBJECT, message)

    def _send(self, to: str, subject: str, message: str) -> None:
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
