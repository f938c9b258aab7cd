"""Reading catalogue files (YAML folder, YAML/JSON bundle, CSV/XLSX sheet) into records.

Reading never raises on bad content: every problem becomes a :class:`SourceError` naming
file, line and field, so ``catalog validate`` can list them all and ``catalog import``
can refuse the whole batch before touching the database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from grantmatch.catalog import schema

MAX_FILE_BYTES = 2 * 1024 * 1024  # a scheme file is a few kB; anything this big is a mistake
SHEET_SUFFIXES = (".csv", ".xlsx")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceError:
    """A problem in an input file. ``line`` is 1-based, None when unknown."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class LoadedCatalog:
    """Records read from one source, with where each came from and what was wrong."""

    programmes: list[dict[str, Any]] = field(default_factory=list)
    schemes: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    glossary: list[dict[str, Any]] | None = None  # None: the source has no glossary
    errors: list[SourceError] = field(default_factory=list)
    # (kind, id) -> (file, line map) to place cross-reference errors
    origins: dict[tuple[str, str], tuple[str, dict[str, int]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loader that refuses anchors/aliases: catalogue files never need them and they
    allow exponential expansion ("billion laughs")."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError("while reading", None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def _line_map(node: yaml.Node, prefix: str = "", out: dict[str, int] | None = None) -> dict[str, int]:
    """Map every dotted field path in a composed YAML node to its 1-based line."""
    out = {} if out is None else out
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            out[key] = key_node.start_mark.line + 1
            _line_map(value_node, key, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, f"{prefix}.{i}" if prefix else str(i), out)
    return out


def line_for(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path`` or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if "." not in path:
            return lines.get("")
        path = path.rsplit(".", 1)[0]


def read_text(path: Path, errors: list[SourceError], max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """Read a UTF-8 text file, refusing huge and non-UTF-8 files with a clear error."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        errors.append(SourceError(str(path), None, "", f"cannot read file: {exc.strerror or exc}"))
        return None
    if size > max_bytes:
        errors.append(SourceError(str(path), None, "", f"file is {size / 1e6:.1f} MB; at most "
                                                       f"{max_bytes / 1e6:.1f} MB is accepted"))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(SourceError(str(path), line, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                                                       f"{exc.start}); save the file as UTF-8"))
        return None
    if "\x00" in text:
        errors.append(SourceError(str(path), None, "", "file contains NUL bytes; it is not a text file"))
        return None
    return text


def parse_yaml(text: str, name: str, errors: list[SourceError]) -> tuple[Any, dict[str, int]] | None:
    """Parse one YAML document; return (data, line map) or None after recording the error."""
    try:
        loader = _NoAliasLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        errors.append(SourceError(name, mark.line + 1 if mark else None, "", f"invalid YAML: {problem}"))
        return None
    except yaml.YAMLError as exc:
        errors.append(SourceError(name, None, "", f"invalid YAML: {exc}"))
        return None
    return _plain(data), (_line_map(node) if node is not None else {})


def _plain(value: Any) -> Any:
    """Dates become ISO strings so records compare equal however they were read."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _add_errors(errors: list[SourceError], name: str, lines: dict[str, int],
                field_errors: Iterable[schema.FieldError], prefix: str = "") -> None:
    for err in field_errors:
        path = f"{prefix}.{err.path}" if prefix and err.path else (prefix or err.path)
        errors.append(SourceError(name, line_for(lines, path), path, err.message))


def load_path(path: Path, known_programmes: Iterable[str] = (), existing_scheme_ids: Iterable[str] = (),
              existing_project_ids: Iterable[str] = ()) -> LoadedCatalog:
    """Load and validate a catalogue folder, a YAML/JSON bundle or single scheme, or a CSV/XLSX sheet.

    ``known_programmes`` is used when the source has no ``programmes.yaml`` of its own;
    ``existing_scheme_ids`` lets references point at schemes already in the database.
    """
    path = Path(path)
    if path.is_dir():
        loaded = _load_folder(path)
    elif not path.exists():
        loaded = LoadedCatalog(errors=[SourceError(str(path), None, "", "no such file or folder")])
    elif path.suffix.lower() in SHEET_SUFFIXES:
        from grantmatch.catalog import sheets  # pandas is heavy; import only for sheets

        loaded = sheets.load_sheet(path)
    elif path.suffix.lower() in YAML_SUFFIXES + (".json",):
        loaded = _load_bundle_file(path)
    else:
        loaded = LoadedCatalog(errors=[SourceError(str(path), None, "", "unsupported file type; use a folder, "
                                                                         ".yaml, .json, .csv or .xlsx")])
    programmes = [p["slug"] for p in loaded.programmes if isinstance(p, dict) and "slug" in p] or list(known_programmes)
    validate_loaded(loaded, programmes, existing_scheme_ids, existing_project_ids)
    return loaded


def _load_folder(root: Path) -> LoadedCatalog:
    loaded = LoadedCatalog()
    programmes_file = root / "programmes.yaml"
    if programmes_file.exists():
        parsed = _parse_file(programmes_file, loaded.errors)
        if parsed is not None:
            data, lines = parsed
            if not isinstance(data, list):
                loaded.errors.append(SourceError(str(programmes_file), 1, "", "must be a list of programmes"))
            else:
                for i, item in enumerate(data):
                    _add_errors(loaded.errors, str(programmes_file), lines, schema.validate_programme(item), str(i))
                loaded.programmes = [p for p in data if isinstance(p, dict)]
    for kind, folder in (("scheme", "schemes"), ("project", "projects"), ("partner", "partners")):
        for file in sorted((root / folder).glob("*")):
            if file.suffix.lower() not in YAML_SUFFIXES:
                continue
            parsed = _parse_file(file, loaded.errors)
            if parsed is None:
                continue
            data, lines = parsed
            if isinstance(data, dict) and data.get("id") != file.stem:
                loaded.errors.append(SourceError(str(file), line_for(lines, "id"), "id",
                                                 f"id {data.get('id')!r} must equal the file name {file.stem!r}"))
            _collect(loaded, kind, data, str(file), lines)
    glossary_file = root / "glossary.yaml"
    if glossary_file.exists():
        parsed = _parse_file(glossary_file, loaded.errors)
        if parsed is not None:
            _collect_glossary(loaded, parsed[0], str(glossary_file), parsed[1], "")
    return loaded


def _parse_file(file: Path, errors: list[SourceError]) -> tuple[Any, dict[str, int]] | None:
    text = read_text(file, errors)
    return None if text is None else parse_yaml(text, str(file), errors)


def _load_bundle_file(file: Path) -> LoadedCatalog:
    loaded = LoadedCatalog()
    text = read_text(file, loaded.errors)
    if text is None:
        return loaded
    if file.suffix.lower() == ".json":
        try:
            data, lines = json.loads(text), {}
        except json.JSONDecodeError as exc:
            loaded.errors.append(SourceError(str(file), exc.lineno, "", f"invalid JSON: {exc.msg}"))
            return loaded
    else:
        parsed = parse_yaml(text, str(file), loaded.errors)
        if parsed is None:
            return loaded
        data, lines = parsed
    # A bundle has list sections; a single scheme also has a "partners" key, but it is a mapping.
    if isinstance(data, dict) and (any(k in data for k in ("schemes", "past_projects", "glossary"))
                                   or isinstance(data.get("partners"), list)):
        unknown = set(data) - {"schemes", "past_projects", "partners", "glossary", "programmes", "exported_at", "format"}
        for key in sorted(unknown):
            loaded.errors.append(SourceError(str(file), line_for(lines, key), key, "unknown section"))
        for section, kind in (("schemes", "scheme"), ("past_projects", "project"), ("partners", "partner")):
            items = data.get(section) or []
            if not isinstance(items, list):
                loaded.errors.append(SourceError(str(file), line_for(lines, section), section, "must be a list"))
                continue
            for i, item in enumerate(items):
                _collect(loaded, kind, item, str(file), lines, f"{section}.{i}")
        if "glossary" in data:
            _collect_glossary(loaded, data["glossary"], str(file), lines, "glossary")
        if isinstance(data.get("programmes"), list):
            loaded.programmes = [p for p in data["programmes"] if isinstance(p, dict)]
    else:
        _collect(loaded, "scheme", data, str(file), lines)
    return loaded


def _collect(loaded: LoadedCatalog, kind: str, data: Any, name: str, lines: dict[str, int], prefix: str = "") -> None:
    if not isinstance(data, dict):
        loaded.errors.append(SourceError(name, line_for(lines, prefix), prefix, f"a {kind} must be a mapping of fields"))
        return
    target = {"scheme": loaded.schemes, "project": loaded.projects, "partner": loaded.partners}[kind]
    target.append(data)
    sub_lines = {k[len(prefix) + 1:]: v for k, v in lines.items() if k.startswith(prefix + ".")} if prefix else lines
    sub_lines.setdefault("", line_for(lines, prefix) or 1)
    if isinstance(data.get("id"), str):
        loaded.origins.setdefault((kind, data["id"]), (name, sub_lines))
    loaded.origins.setdefault((kind, f"#{id(data)}"), (name, sub_lines))


def _collect_glossary(loaded: LoadedCatalog, data: Any, name: str, lines: dict[str, int], prefix: str) -> None:
    if not isinstance(data, list):
        loaded.errors.append(SourceError(name, line_for(lines, prefix), prefix, "the glossary must be a list of groups"))
        return
    loaded.glossary = []
    for i, group in enumerate(data):
        path = f"{prefix}.{i}" if prefix else str(i)
        errs = schema.validate_glossary_group(group)
        _add_errors(loaded.errors, name, lines, errs, path)
        if not errs:
            loaded.glossary.append({lang: [t.strip().lower() for t in terms] for lang, terms in group.items()})


def validate_loaded(loaded: LoadedCatalog, programmes: Iterable[str], existing_scheme_ids: Iterable[str] = (),
                    existing_project_ids: Iterable[str] = ()) -> None:
    """Validate every record and the references between them; append to ``loaded.errors``."""
    programme_list = list(programmes)
    scheme_ids = {s.get("id") for s in loaded.schemes} | set(existing_scheme_ids)
    for kind, records, check in (("scheme", loaded.schemes, schema.validate_scheme),
                                 ("project", loaded.projects, schema.validate_project)):
        seen: dict[str, str] = {}
        for record in records:
            name, lines = loaded.origins.get((kind, f"#{id(record)}"), ("?", {}))
            _add_errors(loaded.errors, name, lines, check(record, programme_list))
            rid = record.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    loaded.errors.append(SourceError(name, line_for(lines, "id"), "id",
                                                     f"duplicate {kind} id {rid!r} (also in {seen[rid]})"))
                seen.setdefault(rid, name)
            ref_field = "successor" if kind == "scheme" else "scheme"
            ref = record.get(ref_field)
            if isinstance(ref, str) and ref and ref not in scheme_ids:
                loaded.errors.append(SourceError(name, line_for(lines, ref_field), ref_field,
                                                 f"refers to unknown scheme {ref!r}"))
            if kind == "scheme" and ref == rid and rid:
                loaded.errors.append(SourceError(name, line_for(lines, "successor"), "successor",
                                                 "a scheme cannot be its own successor"))
    _validate_partners(loaded, {p.get("id") for p in loaded.projects} | set(existing_project_ids))


def _validate_partners(loaded: LoadedCatalog, project_ids: set[Any]) -> None:
    seen: dict[str, str] = {}
    for record in loaded.partners:
        name, lines = loaded.origins.get(("partner", f"#{id(record)}"), ("?", {}))
        _add_errors(loaded.errors, name, lines, schema.validate_partner(record, {str(p) for p in project_ids}))
        rid = record.get("id")
        if isinstance(rid, str):
            if rid in seen:
                loaded.errors.append(SourceError(name, line_for(lines, "id"), "id",
                                                 f"duplicate partner id {rid!r} (also in {seen[rid]})"))
            seen.setdefault(rid, name)
