"""Cognito's error answers, in the JSON protocol's shape that boto3 and the JS SDKs parse."""

from __future__ import annotations

import json

from werkzeug.wrappers import Response

AMZ_JSON = "application/x-amz-json-1.1"


class CognitoError(Exception):
    """An error as Cognito names it (`__type`), e.g. CodeMismatchException."""

    def __init__(self, kind: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status

    def response(self) -> Response:
        body = json.dumps({"__type": self.kind, "message": self.message})
        return Response(
            body, status=self.status, content_type=AMZ_JSON, headers={"x-amzn-ErrorType": self.kind}
        )
