"""The Mailer port on SES v2: Portal's own emails, from the no-reply sender, through the
configuration set that records bounces and complaints."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from portal.adapters.aws import throttled
from portal.domain.errors import Throttled, Unavailable
from portal.domain.model import EmailKind, Language

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_sesv2 import SESV2Client

log = logging.getLogger(__name__)


class SesMailer:
    def __init__(self, client: SESV2Client, sender: str, configuration_set: str | None = None) -> None:
        self._ses = client
        self._sender = sender
        self._configuration_set = configuration_set

    def send(self, to: str, kind: EmailKind, language: Language, values: Mapping[str, str]) -> None:
        """Raises Unavailable when SES refuses or cannot be reached; logs the kind, never the address."""
        from portal.emails import render  # noqa: PLC0415 - every template: loaded by the first email only

        email = render(kind, language, values)
        request: dict[str, Any] = {
            "FromEmailAddress": self._sender,
            "Destination": {"ToAddresses": [to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": email.text, "Charset": "UTF-8"},
                        "Html": {"Data": email.html, "Charset": "UTF-8"},
                    },
                }
            },
            "EmailTags": [{"Name": "kind", "Value": kind.value}],
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            self._ses.send_email(**request)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            log.warning("email not sent", extra={"email_kind": kind.value, "aws_error": code})
            if throttled(error):  # the account's sending rate
                raise Throttled("the email service is busy; please retry in a few seconds") from error
            raise Unavailable("the email could not be sent; please retry") from error
        except BotoCoreError as error:
            log.warning("email not sent", extra={"email_kind": kind.value, "aws_error": type(error).__name__})
            raise Unavailable("the email could not be sent; please retry") from error
