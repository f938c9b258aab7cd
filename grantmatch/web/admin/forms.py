"""Edit forms of the coordinator pages: records ⇄ flat form values, and errors per field.

The forms are plain HTML posted as ``request.form`` (CSRF is checked for every POST by
Flask-WTF's ``CSRFProtect``). Input names are the record's dotted paths (``name.nb``,
``funding.max``, ``deadlines.0.date``), so a :class:`FieldError` from the catalogue
service lands next to the input it concerns. Lists are edited one item per line.

Errors are a ``dict`` from input name to messages; ``""`` holds errors that belong to no
single input. Parsing never raises: text that is not a number becomes an error for that
input, and the raw text is shown again so nothing the editor typed is lost.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from flask_babel import gettext, lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from grantmatch.catalog.schema import KEYWORD_LANGS, LANGS, FieldError

Errors = dict[str, list[str]]
BLANK_DEADLINE_ROWS = 2
MAX_DEADLINE_ROWS = 60
SCHEME_LISTS = ("aliases", "themes", "sources", "partners.regions", *(f"keywords.{lang}" for lang in KEYWORD_LANGS))
SCHEME_BILINGUAL = ("name", "summary", "description", "partners.notes", "funding.notes")
SCHEME_SIMPLE = ("id", "programme", "status", "successor", "url", "agency.name", "agency.url", "last_verified",
                 "applicants", "partners.min_organisations", "partners.min_countries", "partners.countries",
                 "partners.eu_member_required", "partners.beneficiary_states_required", "partners.norway_eligible",
                 "partners.area", "funding.currency", "funding.min", "funding.max",
                 "funding.cofunding_percent")
DEADLINE_PARTS = ("type", "date", "time", "month", "day", "label.nb", "label.en")
PROJECT_SIMPLE = ("id", "name", "description", "years.start", "years.end", "partners", "programme", "scheme",
                  "unit", "url", "source")


def add_error(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def lines(text: str | None) -> list[str]:
    """One item per non-empty line, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_number(text: str | None, name: str, errors: Errors, *, integer: bool = False) -> int | float | None:
    """``"30 000"`` → 30000, ``"12,5"`` → 12.5, ``""`` → None; anything else is an error for ``name``."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not raw:
        return None
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        value = float(raw) if not integer else int(raw)
    except ValueError:
        add_error(errors, name, "must be a whole number" if integer else "must be a number")
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            add_error(errors, name, "must be a number")
            return None
        return int(value) if value.is_integer() else value
    return value


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bilingual(form: Mapping[str, str], name: str) -> dict[str, str]:
    return {lang: form.get(f"{name}.{lang}", "") for lang in LANGS}


# --- schemes -----------------------------------------------------------------------------

def scheme_to_form(record: Mapping[str, Any]) -> MultiDict:
    """Form values showing ``record`` (plus blank deadline rows)."""
    values: MultiDict = MultiDict()
    for name in ("id", "programme", "status", "successor", "url", "last_verified"):
        values[name] = str(record.get(name) or "")
    for name in SCHEME_BILINGUAL:
        head, _, tail = name.partition(".")
        parent = record.get(head) or {}
        text = (parent.get(tail) if tail else parent) or {}
        for lang in LANGS:
            values[f"{name}.{lang}"] = text.get(lang, "") if isinstance(text, Mapping) else ""
    for name in ("aliases", "themes", "sources"):
        values[name] = "\n".join(record.get(name) or [])
    for lang in KEYWORD_LANGS:
        values[f"keywords.{lang}"] = "\n".join((record.get("keywords") or {}).get(lang) or [])
    for applicant in record.get("applicants") or []:
        values.add("applicants", applicant)
    partners = record.get("partners") or {}
    values["partners.min_organisations"] = _number_text(partners.get("min_organisations"))
    values["partners.min_countries"] = _number_text(partners.get("min_countries"))
    values["partners.countries"] = " ".join(partners.get("countries") or [])
    values["partners.regions"] = "\n".join(partners.get("regions") or [])
    eu = partners.get("eu_member_required")
    values["partners.eu_member_required"] = "" if eu is None else ("yes" if eu else "no")
    for flag in ("beneficiary_states_required", "norway_eligible"):
        value = partners.get(flag)
        values[f"partners.{flag}"] = "" if value is None else ("yes" if value else "no")
    values["partners.area"] = "\n".join(f"{code}: {'; '.join(names)}"
                                        for code, names in (partners.get("area") or {}).items())
    funding = record.get("funding") or {}
    values["funding.currency"] = funding.get("currency") or ""
    values["funding.min"] = _number_text(funding.get("min"))
    values["funding.max"] = _number_text(funding.get("max"))
    rate = funding.get("cofunding_rate")
    values["funding.cofunding_percent"] = "" if rate is None else f"{round(rate * 100, 4):g}"
    agency = record.get("agency") or {}
    values["agency.name"] = agency.get("name") or ""
    values["agency.url"] = agency.get("url") or ""
    deadlines = record.get("deadlines") or []
    for i, item in enumerate(deadlines):
        prefix = f"deadlines.{i}"
        kind = "date" if item.get("date") else "recurring" if item.get("recurring") else "rolling"
        rule = item.get("recurring") or {}
        values[f"{prefix}.type"] = kind
        values[f"{prefix}.date"] = str(item.get("date") or "")
        values[f"{prefix}.time"] = str(item.get("time") or "")
        values[f"{prefix}.month"] = _number_text(rule.get("month"))
        values[f"{prefix}.day"] = _number_text(rule.get("day"))
        for lang in LANGS:
            values[f"{prefix}.label.{lang}"] = (item.get("label") or {}).get(lang, "")
    values["deadline_rows"] = str(len(deadlines) + BLANK_DEADLINE_ROWS)
    return values


def deadline_row_count(form: Mapping[str, str]) -> int:
    try:
        count = int(form.get("deadline_rows") or 0)
    except ValueError:
        count = 0
    return max(0, min(count, MAX_DEADLINE_ROWS))


def _deadline(form: Mapping[str, str], row: int, errors: Errors) -> dict[str, Any] | None:
    prefix = f"deadlines.{row}"
    get = lambda part: (form.get(f"{prefix}.{part}") or "").strip()  # noqa: E731
    if form.get(f"{prefix}.remove"):
        return None
    kind = get("type")
    if not kind and not any(get(part) for part in DEADLINE_PARTS):
        return None  # a blank row
    item: dict[str, Any] = {"label": {lang: get(f"label.{lang}") for lang in LANGS}}
    if kind == "date":
        item["date"] = get("date")
        item["time"] = get("time") or None
        if not item["date"]:
            add_error(errors, f"{prefix}.date", "enter the date (YYYY-MM-DD)")
    elif kind == "recurring":
        month = parse_number(get("month"), f"{prefix}.month", errors, integer=True)
        day = parse_number(get("day"), f"{prefix}.day", errors, integer=True)
        if month is None and f"{prefix}.month" not in errors:
            add_error(errors, f"{prefix}.month", "enter the month (1–12)")
        item["recurring"] = {"month": month, "day": day}
    elif kind == "rolling":
        item["rolling"] = True
    else:
        add_error(errors, f"{prefix}.type", "choose a date, a yearly date or rolling")
    return item


def scheme_from_form(form: Mapping[str, str], scheme_id: str | None = None) -> tuple[dict[str, Any], Errors, list[int]]:
    """The record the form describes, errors found while reading it, and for each deadline
    in the record the form row it came from (blank and removed rows are skipped)."""
    errors: Errors = {}
    getlist = form.getlist if hasattr(form, "getlist") else (lambda name: [])  # type: ignore[attr-defined]
    record: dict[str, Any] = {
        "id": scheme_id if scheme_id is not None else (form.get("id") or "").strip(),
        "programme": form.get("programme", ""),
        "status": form.get("status", ""),
        "successor": (form.get("successor") or "").strip() or None,
        "name": _bilingual(form, "name"),
        "summary": _bilingual(form, "summary"),
        "description": _bilingual(form, "description"),
        "aliases": lines(form.get("aliases")),
        "applicants": list(getlist("applicants")),
        "themes": lines(form.get("themes")),
        "keywords": {lang: lines(form.get(f"keywords.{lang}")) for lang in KEYWORD_LANGS},
        "url": (form.get("url") or "").strip(),
        "agency": {"name": form.get("agency.name", ""), "url": (form.get("agency.url") or "").strip()},
        "last_verified": (form.get("last_verified") or "").strip(),
        "sources": lines(form.get("sources")),
    }
    eu = form.get("partners.eu_member_required", "")
    record["partners"] = {
        "min_organisations": parse_number(form.get("partners.min_organisations"), "partners.min_organisations",
                                          errors, integer=True),
        "min_countries": parse_number(form.get("partners.min_countries"), "partners.min_countries", errors,
                                      integer=True),
        "countries": [c.upper() for c in re.split(r"[\s,;]+", form.get("partners.countries") or "") if c],
        "regions": lines(form.get("partners.regions")),
        "eu_member_required": {"yes": True, "no": False}.get(eu),
        "area": _area(form.get("partners.area"), errors),
        "beneficiary_states_required": {"yes": True, "no": False}.get(form.get("partners.beneficiary_states_required", "")),
        "norway_eligible": {"yes": True, "no": False}.get(form.get("partners.norway_eligible", "")),
        "notes": _bilingual(form, "partners.notes"),
    }
    percent = parse_number(form.get("funding.cofunding_percent"), "funding.cofunding_percent", errors)
    if percent is not None and not 0 <= percent <= 100:
        add_error(errors, "funding.cofunding_percent", "must be a percentage from 0 to 100")
        percent = None
    record["funding"] = {
        "currency": form.get("funding.currency", ""),
        "min": parse_number(form.get("funding.min"), "funding.min", errors),
        "max": parse_number(form.get("funding.max"), "funding.max", errors),
        "cofunding_rate": None if percent is None else round(percent / 100, 6),
        "notes": _bilingual(form, "funding.notes"),
    }
    deadlines, rows = [], []
    for row in range(deadline_row_count(form)):
        item = _deadline(form, row, errors)
        if item is not None:
            deadlines.append(item)
            rows.append(row)
    record["deadlines"] = deadlines
    return record, errors, rows


def _area(text: str | None, errors: Errors) -> dict[str, list[str]]:
    """``SE: Värmland; Dalarna`` per line → ``{"SE": ["Värmland", "Dalarna"]}``."""
    area: dict[str, list[str]] = {}
    for number, line in enumerate(lines(text), start=1):
        code, sep, names = line.partition(":")
        if not sep:
            add_error(errors, "partners.area", f"line {number}: write a country code, a colon and the regions")
            continue
        area[code.strip().upper()] = [n.strip() for n in names.split(";") if n.strip()]
    return area


def _list_field(path: str, fields: Iterable[str]) -> tuple[str, int] | None:
    """``sources.2`` → (``sources``, 3): the list input and the 1-based line."""
    for name in fields:
        if path.startswith(name + "."):
            rest = path[len(name) + 1:].split(".")[0]
            if rest.isdigit():
                return name, int(rest) + 1
    return None


def scheme_errors(field_errors: Iterable[FieldError], deadline_rows: list[int], errors: Errors | None = None) -> Errors:
    """Place the service's field errors on the scheme form's inputs."""
    errors = {} if errors is None else errors
    known = set(SCHEME_SIMPLE) | {f"{b}.{lang}" for b in SCHEME_BILINGUAL for lang in LANGS}
    for err in field_errors:
        path = err.path
        if path in known:
            add_error(errors, path, err.message)
        elif path == "funding.cofunding_rate":
            add_error(errors, "funding.cofunding_percent", err.message)
        elif path in SCHEME_BILINGUAL:
            add_error(errors, f"{path}.nb", err.message)
        elif path in SCHEME_LISTS:
            add_error(errors, path, err.message)
        elif (hit := _list_field(path, (*SCHEME_LISTS, "applicants", "partners.countries"))) is not None:
            add_error(errors, hit[0], f"line {hit[1]}: {err.message}" if hit[0] in SCHEME_LISTS else err.message)
        elif path.startswith("deadlines."):
            add_error(errors, _deadline_input(path, deadline_rows), err.message)
        elif path.startswith("partners.area."):
            add_error(errors, "partners.area", f"{path.split('.')[2]}: {err.message}")
        elif path in ("funding", "agency", "partners"):
            add_error(errors, {"funding": "funding.currency", "agency": "agency.name"}.get(path, ""), err.message)
        else:
            add_error(errors, "", f"{path}: {err.message}" if path else err.message)
    return errors


def _deadline_input(path: str, deadline_rows: list[int]) -> str:
    parts = path.split(".")
    if len(parts) < 2 or not parts[1].isdigit() or int(parts[1]) >= len(deadline_rows):
        return ""
    prefix = f"deadlines.{deadline_rows[int(parts[1])]}"
    rest = ".".join(parts[2:])
    if rest in ("label.nb", "label.en", "date", "time"):
        return f"{prefix}.{rest}"
    if rest == "label":
        return f"{prefix}.label.nb"
    if rest in ("recurring", "recurring.month"):
        return f"{prefix}.month"
    if rest == "recurring.day":
        return f"{prefix}.day"
    return f"{prefix}.type"


# --- past projects -----------------------------------------------------------------------

def project_to_form(record: Mapping[str, Any]) -> MultiDict:
    values: MultiDict = MultiDict()
    for name in ("id", "name", "description", "programme", "scheme", "unit", "url", "source"):
        values[name] = str(record.get(name) or "")
    years = record.get("years") or {}
    values["years.start"] = _number_text(years.get("start"))
    values["years.end"] = _number_text(years.get("end"))
    values["partners"] = "\n".join(
        f"{p.get('name', '')} | {p.get('country', '')}" if p.get("country") else str(p.get("name", ""))
        for p in record.get("partners") or [])
    return values


def project_from_form(form: Mapping[str, str], project_id: str | None = None) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    partners = []
    for line in lines(form.get("partners")):
        name, sep, country = line.rpartition("|")
        if not sep:
            name, country = country, ""
        partners.append({"name": name.strip(), "country": country.strip().upper() or None})
    record = {
        "id": project_id if project_id is not None else (form.get("id") or "").strip(),
        "name": form.get("name", ""),
        "description": form.get("description", ""),
        "years": {"start": parse_number(form.get("years.start"), "years.start", errors, integer=True),
                  "end": parse_number(form.get("years.end"), "years.end", errors, integer=True)},
        "partners": partners,
        "programme": form.get("programme") or None,
        "scheme": form.get("scheme") or None,
        "unit": form.get("unit", ""),
        "url": (form.get("url") or "").strip(),
        "source": form.get("source", ""),
    }
    return record, errors


def project_errors(field_errors: Iterable[FieldError], errors: Errors | None = None) -> Errors:
    errors = {} if errors is None else errors
    for err in field_errors:
        if err.path in PROJECT_SIMPLE:
            add_error(errors, err.path, err.message)
        elif (hit := _list_field(err.path, ("partners",))) is not None:
            add_error(errors, "partners", f"line {hit[1]}: {err.message}")
        elif err.path == "years":
            add_error(errors, "years.start", err.message)
        else:
            add_error(errors, "", f"{err.path}: {err.message}" if err.path else err.message)
    return errors


# --- glossary ----------------------------------------------------------------------------
# One group per block, blocks separated by a blank line; each line is ``lang: term; term``
# with lang one of nb, nn, sv, en. Lines starting with # are comments.

def glossary_to_text(groups: Iterable[Mapping[str, Any]]) -> str:
    blocks = []
    for group in groups:
        blocks.append("\n".join(f"{lang}: {'; '.join(group[lang])}" for lang in KEYWORD_LANGS if group.get(lang)))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def glossary_from_text(text: str) -> tuple[list[dict[str, list[str]]], Errors, list[int]]:
    """The groups, errors on input ``groups``, and the first line of each group."""
    errors: Errors = {}
    groups: list[dict[str, list[str]]] = []
    starts: list[int] = []
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("#"):
            continue
        if current is None:
            current = {}
            groups.append(current)
            starts.append(number)
        lang, sep, terms = line.partition(":")
        lang = lang.strip().lower()
        if not sep or lang not in KEYWORD_LANGS:
            add_error(errors, "groups", f"line {number}: start the line with nb:, nn:, sv: or en:")
            continue
        if lang in current:
            add_error(errors, "groups", f"line {number}: {lang} appears twice in this group; put all its terms "
                                        "on one line")
            continue
        current[lang] = [t.strip() for t in terms.split(";") if t.strip()]
    return groups, errors, starts


def glossary_errors(field_errors: Iterable[FieldError], starts: list[int], errors: Errors | None = None) -> Errors:
    errors = {} if errors is None else errors
    for err in field_errors:
        head, _, rest = err.path.partition(".")
        if head.isdigit() and int(head) < len(starts):
            where = f"line {starts[int(head)]}"
            add_error(errors, "groups", f"{where}: {rest + ': ' if rest else ''}{err.message}")
        else:
            add_error(errors, "groups", str(err))
    return errors


# --- labels ------------------------------------------------------------------------------

LANG_LABELS = {"nb": _l("Bokmål"), "nn": _l("Nynorsk"), "sv": _l("Swedish"), "en": _l("English")}
DEADLINE_LABELS = {"type": _l("Kind"), "date": _l("Date"), "time": _l("Time (Oslo, HH:MM)"), "month": _l("Month"),
                   "day": _l("Day"), "label": _l("Label"), "remove": _l("Remove this deadline")}
SCHEME_LABELS = {
    "id": _l("Id"), "programme": _l("Programme"), "status": _l("Status"),
    "successor": _l("Successor (the scheme that replaced it)"), "name": _l("Name"),
    "summary": _l("Summary (at most 400 characters)"), "description": _l("Description"),
    "aliases": _l("Other names (one per line)"), "themes": _l("Themes (one per line, e.g. education)"),
    "sources": _l("Sources (one URL per line)"), "applicants": _l("Who may apply"),
    "keywords": _l("Keywords (one per line)"),
    "partners.min_organisations": _l("Minimum number of organisations"),
    "partners.min_countries": _l("Minimum number of countries"),
    "partners.countries": _l("Partner countries (ISO codes such as SE DK, separated by spaces)"),
    "partners.regions": _l("Regions (one per line)"),
    "partners.eu_member_required": _l("A partner in an EU member state is required"),
    "partners.beneficiary_states_required": _l("A partner in an EEA and Norway Grants beneficiary state is required"),
    "partners.norway_eligible": _l("Norway takes part"),
    "partners.area": _l("Programme area per country (one line each, e.g. SE: Värmland; Dalarna)"),
    "partners.notes": _l("Partner rules in words"), "funding.currency": _l("Currency"),
    "funding.min": _l("Smallest grant"), "funding.max": _l("Largest grant"),
    "funding.cofunding_percent": _l("Share of the costs the grant covers (percent, 0–100)"),
    "funding.notes": _l("Notes on funding"), "url": _l("Official page (URL)"), "agency.name": _l("Agency name"),
    "agency.url": _l("Agency web site (URL)"), "last_verified": _l("Last verified"),
}
PROJECT_LABELS = {
    "id": _l("Id"), "name": _l("Name"), "description": _l("Description (bokmål)"), "years.start": _l("First year"),
    "years.end": _l("Last year (empty if still running)"),
    "partners": _l("Partners (one per line: Name | country code)"), "programme": _l("Programme"),
    "scheme": _l("Scheme"), "unit": _l("Municipal unit"), "url": _l("Project page (URL)"),
    "source": _l("Where we know it from"),
}
GLOSSARY_LABELS = {"groups": _l("Glossary groups")}


def label_for(name: str, labels: Mapping[str, Any]) -> str:
    """The visible label of input ``name`` (used in the error summary)."""
    if name in labels:
        return str(labels[name])
    base, _, lang = name.rpartition(".")
    if base in labels and lang in LANG_LABELS:
        return f"{labels[base]} ({LANG_LABELS[lang]})"
    parts = name.split(".")
    if parts[0] == "deadlines" and len(parts) >= 3 and parts[1].isdigit():
        part = DEADLINE_LABELS.get(parts[2], parts[2])
        suffix = f" ({LANG_LABELS[parts[3]]})" if len(parts) > 3 and parts[3] in LANG_LABELS else ""
        return gettext("Deadline %(number)s", number=int(parts[1]) + 1) + f": {part}{suffix}"
    return name


def summary(errors: Errors, labels: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(input name or "", label, message) for every error, in a stable order."""
    out = []
    for name, messages in errors.items():
        for message in messages:
            out.append((name, label_for(name, labels) if name else "", message))
    return out
