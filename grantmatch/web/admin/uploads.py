"""Uploaded catalogue files waiting for the coordinator's confirmation.

Each upload is kept in ``<instance>/imports/<token>/`` (the file plus ``meta.json``) under
a random token, so the preview and the confirming POST work on the very same bytes. A
token is only valid for the coordinator who uploaded it and for :data:`MAX_AGE`; the
folder is deleted after the import is applied or when it has expired.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

ALLOWED_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
MAX_AGE = dt.timedelta(hours=12)
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{24,64}$")


@dataclass(frozen=True)
class StagedUpload:
    token: str
    path: Path  # the stored file, with the uploaded file's suffix
    filename: str  # the name the coordinator's file had (display only)


def _root() -> Path:
    return Path(current_app.instance_path) / "imports"


def suffix_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def stage(data: bytes, filename: str, owner: str) -> StagedUpload:
    """Store an upload whose suffix is in :data:`ALLOWED_SUFFIXES`; return its token."""
    suffix = suffix_of(filename)
    if suffix not in ALLOWED_SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix!r}")
    _remove_expired()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(parents=True, mode=0o700)
    path = folder / f"upload{suffix}"
    path.write_bytes(data)
    meta = {"filename": Path(filename).name[:200], "suffix": suffix, "owner": owner,
            "created": dt.datetime.now(dt.timezone.utc).isoformat()}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return StagedUpload(token, path, meta["filename"])


def find(token: str, owner: str) -> StagedUpload | None:
    """The staged upload for ``token``, or None if it is unknown, expired or someone else's."""
    if not _TOKEN_RE.match(token or ""):
        return None
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        created = dt.datetime.fromisoformat(meta["created"])
    except (OSError, ValueError, KeyError):
        return None
    if meta.get("owner") != owner or dt.datetime.now(dt.timezone.utc) - created > MAX_AGE:
        return None
    path = folder / f"upload{meta.get('suffix', '')}"
    if meta.get("suffix") not in ALLOWED_SUFFIXES or not path.is_file():
        return None
    return StagedUpload(token, path, str(meta.get("filename") or path.name))


def discard(token: str) -> None:
    if _TOKEN_RE.match(token or ""):
        shutil.rmtree(_root() / token, ignore_errors=True)


def _remove_expired() -> None:
    root = _root()
    if not root.is_dir():
        return
    limit = dt.datetime.now(dt.timezone.utc) - MAX_AGE
    for folder in root.iterdir():
        try:
            created = dt.datetime.fromisoformat(json.loads((folder / "meta.json").read_text())["created"])
        except (OSError, ValueError, KeyError):
            created = None
        if created is None or created < limit:
            shutil.rmtree(folder, ignore_errors=True)
