"""The local-only tool endpoints, not part of the API: `/_local/config`, `/_local/mailbox`, `/_local/sms`."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.wrappers import Request, Response

from local.mailbox import Mailbox, SmsOutbox
from local.responses import api_problem, json_response, problem


class Tools:
    """The config is published once the portal is ready; until then `/_local/config` answers 503."""

    def __init__(self, mailbox: Mailbox, sms: SmsOutbox) -> None:
        self._mailbox = mailbox
        self._sms = sms
        self._config: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def publish(self, config: dict[str, Any]) -> None:
        with self._lock:
            self._config = config

    def config(self, request: Request) -> Response:
        with self._lock:
            config = self._config
        if config is None:
            response = problem(503, "starting", "Starting", "the local portal is still starting")
            response.headers["Retry-After"] = "1"
            return response
        return json_response(config)

    def mailbox(self, request: Request) -> Response:
        address = request.args.get("to", "").strip()
        if not address:
            return api_problem("invalid_request", "give ?to=<email address>")
        return json_response({"items": [mail.as_json() for mail in self._mailbox.for_address(address)]})

    def sms(self, request: Request) -> Response:
        number = request.args.get("to", "").strip()
        if not number.lstrip("+").isdigit():
            return api_problem("invalid_request", "give ?to=<E.164 number>")
        return json_response({"items": [sms.as_json() for sms in self._sms.for_number(number)]})
