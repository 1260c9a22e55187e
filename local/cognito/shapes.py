"""Cognito's input checks, before any operation runs: each body against the operation's input
shape in botocore's model of Cognito (the same model the SDKs are generated from).

Cognito refuses a member of the wrong JSON type with `SerializationException`, and a missing
required member, a string or list of the wrong length, a number out of range or a value outside
an enum with `InvalidParameterException` ("1 validation error detected: Value null at 'clientId'
failed to satisfy constraint: Member must not be null"). Checked here the same way, so no
operation of the local endpoint meets a list where it reads a string. Members the model does not
know are ignored, as Cognito ignores them; the models' regular-expression patterns are not checked.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.model import (
    ListShape,
    MapShape,
    OperationModel,
    ServiceModel,
    Shape,
    StringShape,
    StructureShape,
)

from local.cognito.errors import CognitoError

SERVICE = "cognito-idp"
# What each of the model's scalar types is in JSON (bool is an int in Python, so it is named first).
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (int, float),
    "blob": (str,),
}


@cache
def service_model() -> ServiceModel:
    import botocore.session  # noqa: PLC0415 - ~20 ms, paid once when the endpoint first needs it

    return botocore.session.get_session().get_service_model(SERVICE)


def operation(name: str) -> OperationModel | None:
    """Cognito's operation of that name, or None when Cognito has none."""
    model = service_model()
    return model.operation_model(name) if name in model.operation_names else None


def is_public(model: OperationModel) -> bool:
    """Called without IAM credentials (a person's own calls): the model says it needs no auth."""
    return model.auth_type == "none"


def check(model: OperationModel, body: dict[str, Any]) -> None:
    """Raise Cognito's error for the first thing in `body` that its input shape refuses."""
    shape = model.input_shape
    if shape is not None:
        _check(shape, body, "")


def _where(path: str, name: str) -> str:
    """Cognito names a member in camel case from its first letter: `clientId`, `authParameters`."""
    member = name[:1].lower() + name[1:]
    return f"{path}.{member}" if path else member


def _serialization(shape: Shape) -> CognitoError:
    return CognitoError("SerializationException", f"Expected a {shape.type_name} value")


def _invalid(where: str, constraint: str) -> CognitoError:
    return CognitoError(
        "InvalidParameterException",
        f"1 validation error detected: Value at '{where}' failed to satisfy constraint: {constraint}",
    )


def _check(shape: Shape, value: Any, where: str) -> None:
    if isinstance(shape, StructureShape):
        _structure(shape, value, where)
    elif isinstance(shape, ListShape):
        if not isinstance(value, list):
            raise _serialization(shape)
        _length(shape, len(value), where)
        for index, item in enumerate(value):
            _check(shape.member, item, f"{where}.{index + 1}.member")
    elif isinstance(shape, MapShape):
        if not isinstance(value, dict):
            raise _serialization(shape)
        _length(shape, len(value), where)
        for key, item in value.items():
            _check(shape.key, key, where)
            _check(shape.value, item, where)
    else:
        _scalar(shape, value, where)


def _structure(shape: StructureShape, value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise _serialization(shape)
    for name in shape.required_members:
        if value.get(name) is None:
            raise CognitoError(
                "InvalidParameterException",
                f"1 validation error detected: Value null at '{_where(where, name)}' failed to "
                "satisfy constraint: Member must not be null",
            )
    for name, member in shape.members.items():
        if value.get(name) is not None:
            _check(member, value[name], _where(where, name))


def _scalar(shape: Shape, value: Any, where: str) -> None:
    expected = JSON_TYPES.get(shape.type_name, (object,))
    if isinstance(value, bool) != (shape.type_name == "boolean") or not isinstance(value, expected):
        raise _serialization(shape)
    if isinstance(value, str):
        _length(shape, len(value), where)
        if isinstance(shape, StringShape) and shape.enum and value not in shape.enum:
            raise _invalid(where, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    elif shape.type_name in ("integer", "long"):
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise _invalid(where, f"Member must have value between {low} and {high}")


def _length(shape: Shape, length: int, where: str) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and length < low:
        raise _invalid(where, f"Member must have length greater than or equal to {low}")
    if high is not None and length > high:
        raise _invalid(where, f"Member must have length less than or equal to {high}")
