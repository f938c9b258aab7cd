"""Canonical form of catalogue records and field-level diffs between two versions."""

from __future__ import annotations

from typing import Any, Mapping

from grantmatch.catalog.schema import META_FIELDS


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def canonical(record: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values (None, "", [], {}) recursively and storage metadata, and strip text.

    Two records that mean the same thing have equal canonical forms whether they came
    from YAML, JSON, a CSV cell or a web form; that is what makes "unchanged" reliable.
    """
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key in META_FIELDS:
            continue
        cleaned = _clean(value)
        if not _is_empty(cleaned):
            out[key] = cleaned
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, Mapping):
        inner = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in inner.items() if not _is_empty(v)}
    if isinstance(value, list):
        return [_clean(v) for v in value if not _is_empty(_clean(v))]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def changed_fields(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Top-level fields whose value differs: ``{field: {"old": ..., "new": ...}}``."""
    old = old or {}
    new = new or {}
    return {
        key: {"old": old.get(key), "new": new.get(key)}
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }
