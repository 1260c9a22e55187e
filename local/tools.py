"""The local-only tool endpoints, not part of the API: `/_local/config`, `/_local/mailbox`, `/_local/sms`,
and, for tests and the load test (issue 21), `/_local/clock` (Portal's clock) and `/_local/throttle`
(AWS's throttling, on demand)."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from local.clock import LocalClock
from local.mailbox import Mailbox, SmsOutbox
from local.quotas import RuleError, Throttles
from local.responses import api_problem, json_response, problem


class Tools:
    """The config is published once the portal is ready; until then `/_local/config` answers 503."""

    def __init__(
        self,
        mailbox: Mailbox,
        sms: SmsOutbox,
        clock: LocalClock | None = None,
        throttles: Throttles | None = None,
    ) -> None:
        self._mailbox = mailbox
        self._sms = sms
        self._clock = clock or LocalClock()
        self._throttles = throttles or Throttles()
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

    def clock(self, request: Request) -> Response:
        """GET: Portal's time now. PUT {"now": ISO time with offset, "rate": 1}: move it. DELETE: real."""
        if request.method == "PUT":
            try:
                body = json.loads(request.get_data() or b"{}")
                rate = body.get("rate", 1)
                if isinstance(rate, bool) or not isinstance(rate, int | float):
                    raise ValueError("rate must be a number")
                self._clock.set(datetime.fromisoformat(str(body["now"])), float(rate))
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                return api_problem("invalid_request", f"give now (ISO 8601 with an offset) and rate: {error}")
        elif request.method == "DELETE":
            self._clock.reset()
        return json_response(self._clock.as_json())

    def throttle(self, request: Request) -> Response:
        """GET: the rules and how many calls each refused. PUT {"rules": [...]}: these. DELETE: none."""
        if request.method == "PUT":
            try:
                body = json.loads(request.get_data() or b"{}")
                self._throttles.set(body["rules"])
            except (ValueError, KeyError, TypeError) as error:
                detail = str(error) if isinstance(error, RuleError) else 'give {"rules": [...]}'
                return api_problem("invalid_request", detail)
        elif request.method == "DELETE":
            self._throttles.set([])
        return json_response(self._throttles.as_json())
