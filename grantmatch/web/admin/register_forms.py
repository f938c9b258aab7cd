"""The register part of the coordinator's project form: goals, plan, budget, contact,
areas and confirmed plan tags; plus the small forms that move an entry to its next stage.

The life-cycle fields (stage, applications, evaluation) are never taken from the edit
form: they are carried over from the stored record and change only through
:func:`grantmatch.services.register.advance`, so an edit can neither skip a stage nor lose
an application.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from grantmatch.catalog import register as reg
from grantmatch.catalog.schema import FieldError
from grantmatch.web.admin.forms import Errors, add_error, lines, parse_number

LIFECYCLE_FIELDS = ("stage", "applications", "evaluation")
REGISTER_INPUTS = ("stage", "goals", "plan", "budget.amount", "budget.currency", "budget.notes", "contact.name",
                   "contact.email", "themes", "plan_tags.confirmed")
REGISTER_LABELS = {
    "stage": _l("Stage"), "goals": _l("Goals (what the project shall achieve)"),
    "plan": _l("Project plan (the activities)"), "budget.amount": _l("Budget"),
    "budget.currency": _l("Budget currency"), "budget.notes": _l("Notes on the budget"),
    "contact.name": _l("Contact person (not shown publicly)"),
    "contact.email": _l("Contact e-mail (not shown publicly)"),
    "themes": _l("Areas (one per line, e.g. culture, education)"),
    "plan_tags.confirmed": _l("Goals and main directions of the plan (confirmed)"),
}
DETAIL_LABELS = {
    "scheme": _l("Scheme applied to"), "date": _l("Date"), "amount_asked": _l("Amount asked"),
    "currency": _l("Currency"), "amount_granted": _l("Amount granted"), "decision_date": _l("Decision date"),
    "start": _l("First year"), "end": _l("Last year"), "goal_attainment": _l("Goal attainment"),
    "results": _l("Results"), "economy": _l("Economy (budget against spending)"), "notes": _l("Other remarks"),
}
ATTAINMENT_LABELS = {"achieved": _l("Goals achieved"), "partly": _l("Goals partly achieved"),
                     "not-achieved": _l("Goals not achieved")}


def register_to_form(record: Mapping[str, Any], values: MultiDict) -> MultiDict:
    """Add the register inputs of ``record`` to the form ``values``."""
    values["stage"] = reg.stage_of(record) if record else reg.DEFAULT_STAGE
    for name in ("goals", "plan"):
        values[name] = str(record.get(name) or "")
    budget, contact = record.get("budget") or {}, record.get("contact") or {}
    amount = budget.get("amount")
    values["budget.amount"] = "" if amount is None else (str(int(amount)) if float(amount).is_integer() else str(amount))
    values["budget.currency"] = str(budget.get("currency") or "")
    values["budget.notes"] = str(budget.get("notes") or "")
    values["contact.name"] = str(contact.get("name") or "")
    values["contact.email"] = str(contact.get("email") or "")
    values["themes"] = "\n".join(record.get("themes") or [])
    values.setlist("plan_tags.confirmed", list((record.get("plan_tags") or {}).get("confirmed") or []))
    return values


def register_from_form(form: MultiDict, stored: Mapping[str, Any] | None, errors: Errors) -> dict[str, Any]:
    """The register fields of the posted form, with the life cycle carried over from ``stored``."""
    record: dict[str, Any] = {
        "goals": form.get("goals", ""), "plan": form.get("plan", ""),
        "budget": {"amount": parse_number(form.get("budget.amount"), "budget.amount", errors),
                   "currency": form.get("budget.currency") or None, "notes": form.get("budget.notes", "")},
        "contact": {"name": form.get("contact.name", ""), "email": (form.get("contact.email") or "").strip()},
        "themes": [t.lower() for t in lines(form.get("themes"))],
        "plan_tags": {"confirmed": [t for t in form.getlist("plan_tags.confirmed") if t]},
    }
    if stored is None:  # a new entry: the coordinator says where it stands
        record["stage"] = form.get("stage") or reg.DEFAULT_STAGE
    else:
        for name in LIFECYCLE_FIELDS:
            if stored.get(name) is not None:
                record[name] = stored[name]
    return record


def register_errors(field_errors: Iterable[FieldError], errors: Errors) -> list[FieldError]:
    """File errors on register inputs into ``errors``; return the others for the base form."""
    rest = []
    for err in field_errors:
        path = err.path
        if path in REGISTER_INPUTS:
            add_error(errors, path, err.message)
        elif path.startswith("themes.") or path.startswith("plan_tags."):
            add_error(errors, path.split(".")[0] if path.startswith("themes") else "plan_tags.confirmed", err.message)
        elif path in ("budget", "contact"):
            add_error(errors, f"{path}.{'amount' if path == 'budget' else 'name'}", err.message)
        elif path.split(".")[0] in LIFECYCLE_FIELDS:
            add_error(errors, "", f"{path}: {err.message}")
        else:
            rest.append(err)
    return rest
