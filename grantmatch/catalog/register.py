"""The project register's rules: life-cycle stages, legal transitions and register fields.

A register entry is a past-project record (``projects/<id>.yaml``, table ``past_projects``)
with a ``stage`` and the fields section 4 of the municipal plan asks for (goals, a plan,
a budget, an evaluation against goal attainment, results and economy). Pure data and
checks: no database, no Flask. ``schema.validate_project`` calls :func:`check_register_fields`.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

STAGES: tuple[str, ...] = (
    "idea", "planning", "applied", "granted", "rejected", "running", "finished", "evaluated",
)
# Where each stage may go next. A rejected application can be reworked (planning) or sent
# again, to the same or another scheme (applied); an evaluated project is complete.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idea": ("planning",),
    "planning": ("applied",),
    "applied": ("granted", "rejected"),
    "granted": ("running",),
    "rejected": ("planning", "applied"),
    "running": ("finished",),
    "finished": ("evaluated",),
    "evaluated": (),
}
# Records without a stage (the hand-written list of earlier projects) are finished projects.
DEFAULT_STAGE = "finished"
# Ideas are internal; everything from planning on is shown on the public page.
PUBLIC_STAGES: tuple[str, ...] = STAGES[1:]
ONGOING_STAGES: tuple[str, ...] = ("planning", "applied", "granted", "running")
DONE_STAGES: tuple[str, ...] = ("finished", "evaluated")
DECISIONS: tuple[str, ...] = ("granted", "rejected")
GOAL_ATTAINMENT: tuple[str, ...] = ("achieved", "partly", "not-achieved")

REGISTER_FIELDS: tuple[str, ...] = (
    "stage", "goals", "plan", "budget", "contact", "themes", "plan_tags", "applications", "evaluation",
)
BUDGET_FIELDS = ("amount", "currency", "notes")
CONTACT_FIELDS = ("name", "email")
PLAN_TAG_FIELDS = ("suggested", "confirmed")
APPLICATION_FIELDS = ("scheme", "programme", "date", "amount_asked", "currency", "decision", "amount_granted",
                      "decision_date")
EVALUATION_FIELDS = ("goal_attainment", "results", "economy", "notes", "date")

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class IllegalTransition(ValueError):
    """A stage change the life cycle does not allow (e.g. idea → granted)."""

    def __init__(self, current: str, target: str) -> None:
        allowed = ", ".join(TRANSITIONS.get(current, ())) or "none"
        super().__init__(f"cannot go from stage {current!r} to {target!r} (allowed next: {allowed})")
        self.current, self.target = current, target


def stage_of(record: Mapping[str, Any]) -> str:
    stage = record.get("stage")
    return stage if isinstance(stage, str) and stage in STAGES else DEFAULT_STAGE


def with_default_stage(record: dict[str, Any]) -> dict[str, Any]:
    """The record with ``stage`` filled in when missing (files of earlier projects have none)."""
    if "stage" not in record or record.get("stage") in (None, ""):
        return dict(record, stage=DEFAULT_STAGE)
    return record


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        raise IllegalTransition(current, target)


def has_control_chars(text: str) -> bool:
    """True for CR, LF and other control characters (header injection in names and addresses)."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def valid_email(value: Any) -> bool:
    return (isinstance(value, str) and len(value) <= 320 and bool(EMAIL_RE.match(value))
            and not has_control_chars(value) and not any(c in value for c in "<>,;\"'"))


def check_register_fields(c: Any, record: Mapping[str, Any], *, currencies: tuple[str, ...],
                          tags: tuple[str, ...], date_ok: Any) -> None:
    """Append errors for the register fields of ``record`` to checker ``c`` (schema._Checker)."""
    stage = record.get("stage")
    if stage is not None and stage not in STAGES:
        c.add("stage", f"must be one of {', '.join(STAGES)}")
    for name in ("goals", "plan"):
        c.text(record.get(name), name, required=False)
    budget = record.get("budget")
    if budget is not None:
        if not isinstance(budget, Mapping):
            c.add("budget", "must be a mapping with amount, currency and notes")
        else:
            c.unknown_keys(budget, BUDGET_FIELDS, "budget")
            c.number(budget.get("amount"), "budget.amount", low=0)
            if budget.get("currency") is not None and budget["currency"] not in currencies:
                c.add("budget.currency", f"must be one of {', '.join(currencies)}")
            c.text(budget.get("notes"), "budget.notes", required=False, max_chars=5000)
    contact = record.get("contact")
    if contact is not None:
        if not isinstance(contact, Mapping):
            c.add("contact", "must be a mapping with name and email")
        else:
            c.unknown_keys(contact, CONTACT_FIELDS, "contact")
            c.text(contact.get("name"), "contact.name", required=False, max_chars=200)
            if isinstance(contact.get("name"), str) and has_control_chars(contact["name"]):
                c.add("contact.name", "must not contain line breaks or control characters")
            if contact.get("email") is not None and not valid_email(contact.get("email")):
                c.add("contact.email", "must be an e-mail address")
    c.string_list(record.get("themes"), "themes", pattern=SLUG_RE)
    plan_tags = record.get("plan_tags")
    if plan_tags is not None:
        if not isinstance(plan_tags, Mapping):
            c.add("plan_tags", "must be a mapping with suggested and confirmed")
        else:
            c.unknown_keys(plan_tags, PLAN_TAG_FIELDS, "plan_tags")
            for key in PLAN_TAG_FIELDS:
                c.string_list(plan_tags.get(key), f"plan_tags.{key}", allowed=tags)
    applications = record.get("applications")
    if applications is not None and not isinstance(applications, list):
        c.add("applications", "must be a list")
    for i, item in enumerate(applications if isinstance(applications, list) else []):
        path = f"applications.{i}"
        if not isinstance(item, Mapping):
            c.add(path, "must be a mapping with scheme, date and amount_asked")
            continue
        c.unknown_keys(item, APPLICATION_FIELDS, path)
        c.text(item.get("scheme"), f"{path}.scheme", max_chars=80)
        c.text(item.get("programme"), f"{path}.programme", required=False, max_chars=80)
        for key in ("date", "decision_date"):
            if item.get(key) is not None and date_ok(item[key]) is None:
                c.add(f"{path}.{key}", "must be a date in the form YYYY-MM-DD")
        if item.get("date") is None:
            c.add(f"{path}.date", "is required")
        c.number(item.get("amount_asked"), f"{path}.amount_asked", low=0)
        c.number(item.get("amount_granted"), f"{path}.amount_granted", low=0)
        if item.get("currency") is not None and item["currency"] not in currencies:
            c.add(f"{path}.currency", f"must be one of {', '.join(currencies)}")
        if item.get("decision") is not None and item["decision"] not in DECISIONS:
            c.add(f"{path}.decision", f"must be one of {', '.join(DECISIONS)}")
    evaluation = record.get("evaluation")
    if evaluation is not None:
        if not isinstance(evaluation, Mapping):
            c.add("evaluation", "must be a mapping with goal_attainment, results, economy and notes")
        else:
            c.unknown_keys(evaluation, EVALUATION_FIELDS, "evaluation")
            if evaluation.get("goal_attainment") is not None and evaluation["goal_attainment"] not in GOAL_ATTAINMENT:
                c.add("evaluation.goal_attainment", f"must be one of {', '.join(GOAL_ATTAINMENT)}")
            for key in ("results", "economy", "notes"):
                c.text(evaluation.get(key), f"evaluation.{key}", required=False)
            if evaluation.get("date") is not None and date_ok(evaluation["date"]) is None:
                c.add("evaluation.date", "must be a date in the form YYYY-MM-DD")


# --- plan alignment ---------------------------------------------------------------------
# The four main directions (section 2) and the four goals (section 3) of "Plan for
# internasjonalt samarbeid". ``description`` is what the text ranking compares a project
# with: the plan's own words, plus the everyday words staff use for the same things.

PLAN_TAGS: tuple[dict[str, Any], ...] = (
    {"slug": "sustainability", "kind": "direction", "number": "2.1",
     "label": {"nb": "Bærekraftig utvikling og FNs bærekraftsmål",
               "en": "Sustainable development and the UN Sustainable Development Goals"},
     "description": "bærekraftig utvikling i tråd med FNs bærekraftsmål, verdiskaping gjennom grønn omstilling. "
                    "klima miljø klimagass utslipp energi energiøkonomisering fornybar sirkulær økonomi avfall "
                    "marint avfall plast hav kyst natur naturvern vann nasjonalpark grønn by byfortetting"},
    {"slug": "friendship-culture", "kind": "direction", "number": "2.2",
     "label": {"nb": "Vennskap, kontakt og kulturelle bånd",
               "en": "Friendship, contact and cultural ties"},
     "description": "fremme vennskap og kontakt og knytte kulturelle bånd over landegrensene, læring, økt "
                    "samarbeid og forståelse mellom lokalsamfunn. kultur kulturutveksling kulturskole musikk "
                    "musikere dans dansere hiphop teater forestilling konsert kunst kunstnere festival "
                    "litteratur barnelitteratur lesing ungdomsutveksling ungdom vennskap vennskapsby"},
    {"slug": "mutual-benefit", "kind": "direction", "number": "2.3",
     "label": {"nb": "Gjensidig nytte: kompetanse, teknologi, kultur og miljø, beredskap",
               "en": "Mutual benefit: knowledge, technology, culture and environment, emergency preparedness"},
     "description": "gjensidig nytte og verdi. kunnskaps- og kompetanseøkning, erfaringsdeling innen "
                    "teknologi, kunstig intelligens og effektivisering, kultur og miljø, samfunnssikkerhet "
                    "og beredskap. krise krisehåndtering redning redningstjeneste digitalisering digital "
                    "velferdsteknologi smart teknologi statistikk analyse"},
    {"slug": "service-development", "kind": "direction", "number": "2.4",
     "label": {"nb": "Utvikling av kommunens tjenester og samfunnsutvikling",
               "en": "Developing the municipality's services and the local community"},
     "description": "prosjekter som styrker utviklingen av kommunens tjenester og bidrar positivt til "
                    "samfunnsutvikling i Fredrikstad. tjenesteutvikling skole barnehage elever lærere "
                    "undervisning omsorg demens eldre helse folkehelse velferd stedsutvikling sentrum "
                    "byutvikling næringsutvikling innbyggere medborgere nærdemokrati fritidsklubb"},
    {"slug": "goal-1", "kind": "goal", "number": "1",
     "label": {"nb": "Mål 1: Kunnskap og kompetanse for bedre tjenester",
               "en": "Goal 1: Knowledge and skills for better services"},
     "description": "økt kunnskap og kompetanse på internasjonalt samarbeid som verktøy for profesjonsutvikling "
                    "og økt kvalitet i tjenestene. kompetanseheving etterutdanning hospitering jobbskygging "
                    "lærerutveksling erfaringsutveksling læringsmetoder ansatte profesjon kurs"},
    {"slug": "goal-2", "kind": "goal", "number": "2",
     "label": {"nb": "Mål 2: Solidaritet for mindre ulikhet og større likeverd",
               "en": "Goal 2: Solidarity for less inequality and more equal worth"},
     "description": "bidra i solidaritetsprosjekter for mindre ulikhet og større likeverd. solidaritet "
                    "bistand utviklingssamarbeid fattigdom jenter skolegang nord sør Afrika Malawi Mosambik "
                    "Kenya Zimbabwe Guatemala Kosovo Lilongwe Maputo Norec Fredskorpset Norad"},
    {"slug": "goal-3", "kind": "goal", "number": "3",
     "label": {"nb": "Mål 3: Vennskapsbyene som nettverk for prosjektpartnere",
               "en": "Goal 3: Twin towns as the network for project partners"},
     "description": "bruke vennskapsbyene aktivt som et internasjonalt nettverk hvor kommunen kan finne "
                    "potensielle prosjektpartnere. vennskapsby vennskapsbyer partnerby nettverk Aalborg Rivne "
                    "Karlskoga Norðurþing Nordurthing Strømstad nordisk samarbeid Sverige Danmark Finland"},
    {"slug": "goal-4", "kind": "goal", "number": "4",
     "label": {"nb": "Mål 4: EU-, EØS- og Interreg-prosjekter innen kultur og kulturnæring",
               "en": "Goal 4: EU, EEA and Interreg projects in culture and the creative industries"},
     "description": "delta aktivt i utvikling og gjennomføring av internasjonale EU-, EØS- og "
                    "interreg-prosjekter innen kultur og kulturnæring. kulturnæring kreative næringer "
                    "Kreativt Europa kulturarv kulturhistorie audiovisuell film opplevelsesnæring reiseliv "
                    "turisme kunstnere og næringsliv Interreg EØS-midler"},
)
PLAN_TAG_SLUGS: tuple[str, ...] = tuple(t["slug"] for t in PLAN_TAGS)
PLAN_TAGS_BY_SLUG: dict[str, dict[str, Any]] = {t["slug"]: t for t in PLAN_TAGS}
