"""Cognito custom message trigger: the codes Cognito emails, branded, in the person's language.

Forgot-password codes ("Portal access code") and email MFA codes are worded by Portal's own
templates (portal.service.codes), with Cognito's `{####}` left in place for Cognito to fill.
Every other message keeps Cognito's default (Portal suppresses Cognito's invitation and sends its
own). If wording fails, the default message still carries the code: a person locked out of their
account by a template would be worse than an unbranded email.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import CustomMessageTriggerEvent
from portal import wiring
from portal.domain.model import EmailKind
from portal.observability import logger, tracer
from portal.service.codes import code_email

KINDS = {
    "CustomMessage_ForgotPassword": EmailKind.ACCESS_CODE,
    "CustomMessage_Authentication": EmailKind.MFA_CODE,
}


@logger.inject_lambda_context(log_event=False, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@event_source(data_class=CustomMessageTriggerEvent)
def handler(event: CustomMessageTriggerEvent, context: Any) -> dict[str, Any]:
    raw: dict[str, Any] = event.raw_event
    kind = KINDS.get(event.trigger_source)
    if kind is None:
        return raw
    attributes = event.request.user_attributes
    user_id = attributes.get("sub")
    if user_id:
        logger.append_keys(actor_id=user_id)
    try:
        email = code_email(
            wiring.deps(), kind, user_id, attributes.get("given_name", ""), event.request.code_parameter
        )
    except Exception as error:
        logger.error(
            "custom message not worded; Cognito's default is sent", extra={"error_type": type(error).__name__}
        )
        return raw
    event.response.email_subject = email.subject
    event.response.email_message = email.html
    logger.info("custom message worded", extra={"trigger_source": event.trigger_source})
    return raw
