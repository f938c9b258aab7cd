"""Request checks against the JSON Schema constants in :mod:`grantmatch.web.api.schemas`.

A deliberately small validator: it understands the keywords the API's request schemas
use (type, enum, minimum, maximum, maxLength, pattern, required, properties,
additionalProperties: false) and reports the first problem, naming the field.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

_TYPE_NAMES = {"string": "a string", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "object": "an object", "array": "a list", "null": "null"}


class InvalidInput(ValueError):
    """Bad input; the message names the field and is fit to show to the caller."""


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, {"string": str, "boolean": bool, "object": dict, "array": list,
                              "null": type(None)}[name])


def _check_type(value: Any, schema: Mapping[str, Any], where: str) -> None:
    wanted = schema.get("type")
    if wanted is None:
        return
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    if not any(_is_type(value, n) for n in names):
        raise InvalidInput(f"{where} must be {' or '.join(_TYPE_NAMES[n] for n in names)}")


def _check_value(value: Any, schema: Mapping[str, Any], where: str) -> None:
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(str(v) for v in schema["enum"] if v is not None)
        raise InvalidInput(f"{where} must be one of: {allowed}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise InvalidInput(f"{where} must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise InvalidInput(f"{where} must be at most {schema['maximum']}")
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise InvalidInput(f"{where} is {len(value)} characters long; the limit is {schema['maxLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            raise InvalidInput(f"{where} has an invalid format")


def _check_object(value: Mapping[str, Any], schema: Mapping[str, Any], where: str) -> None:
    properties = schema.get("properties", {})
    if schema.get("additionalProperties") is False:
        unknown = sorted(k for k in value if k not in properties)
        if unknown:
            raise InvalidInput(f"unknown field(s) {', '.join(repr(k) for k in unknown)}; "
                               f"allowed: {', '.join(properties)}")
    for name in schema.get("required", []):
        if name not in value:
            raise InvalidInput(f"field {name!r} is required")
    for name, sub in properties.items():
        if name in value:
            validate(value[name], sub, f"field {name!r}")


def validate(value: Any, schema: Mapping[str, Any], where: str = "the body") -> None:
    """Raise :class:`InvalidInput` unless ``value`` satisfies ``schema``."""
    _check_type(value, schema, where)
    _check_value(value, schema, where)
    if isinstance(value, dict):
        _check_object(value, schema, where)


def with_defaults(value: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """``value`` plus each missing property's ``default`` (integral floats become ints)."""
    out = {name: sub["default"] for name, sub in schema.get("properties", {}).items() if "default" in sub}
    for name, item in value.items():
        sub = schema.get("properties", {}).get(name, {})
        out[name] = int(item) if sub.get("type") == "integer" and isinstance(item, float) else item
    return out


def query_values(args: Mapping[str, str], parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """Typed query values for the given OpenAPI parameters (query only), checked, with defaults."""
    out: dict[str, Any] = {}
    for param in parameters:
        if param["in"] != "query":
            continue
        name, schema = param["name"], param["schema"]
        raw = args.get(name)
        if raw is None:
            out[name] = schema.get("default")
            continue
        value: Any = raw
        if schema.get("type") == "integer":
            if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw.strip()):
                raise InvalidInput(f"parameter {name!r} must be a whole number")
            value = int(raw)
        validate(value, schema, f"parameter {name!r}")
        out[name] = value
    return out
