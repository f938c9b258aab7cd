"""The partner network as used by search, the API, the CLI and the partner finder.

:class:`PartnerNetwork` joins the stored partners with the past projects and programme
names their reasons mention; :func:`partners_json` is the one JSON shape of a scheme's
partner fit, shared by ``grantmatch match --json`` and ``POST /api/v1/match``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sqlalchemy.orm import Session

from grantmatch.matcher.partners import PartnerFinder, PartnerHit
from grantmatch.partners import PartnerFit, partner_fit, text_lang
from grantmatch.services import catalog as cat


@dataclass(frozen=True)
class PartnerNetwork:
    """Partner records with what their reasons need (past projects, programme names)."""

    partners: list[dict[str, Any]]
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    programme_names: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_records(cls, partners: Iterable[Mapping[str, Any]], projects: Iterable[Mapping[str, Any]] = (),
                     programmes: Iterable[Mapping[str, Any]] = ()) -> PartnerNetwork:
        return cls(partners=[dict(p) for p in partners], projects={str(p["id"]): dict(p) for p in projects},
                   programme_names={str(p["slug"]): p.get("name") or {} for p in programmes})

    def fit(self, scheme: Mapping[str, Any], lang: str) -> PartnerFit:
        """The network against ``scheme``'s partner rules, texts in ``lang``."""
        names = self.programme_names.get(str(scheme.get("programme")))
        name = names.get(text_lang(lang)) or names.get("nb") if isinstance(names, Mapping) else None
        return partner_fit(scheme, self.partners, lang, programme_name=name, projects=self.projects)

    def by_id(self) -> dict[str, dict[str, Any]]:
        return {str(p["id"]): p for p in self.partners}


def load_network(session: Session) -> PartnerNetwork:
    return PartnerNetwork.from_records(
        (cat.record_with_meta(p) for p in cat.list_partners(session)),
        (cat.record_with_meta(p) for p in cat.list_projects(session)),
        cat.programmes(session))


def partners_json(fit: PartnerFit | None) -> dict[str, Any]:
    """``{"applies", "qualifying", "outside", "missing"}``; an empty, non-applying fit for None."""
    return (fit or PartnerFit(scheme_id="", applies=False)).as_dict()


@dataclass(frozen=True)
class FoundPartner:
    """A partner record with why it fits the idea (see :class:`PartnerHit`)."""

    partner: dict[str, Any]
    hit: PartnerHit


def build_finder(network: PartnerNetwork, glossary: Iterable[Mapping[str, Any]] = ()) -> PartnerFinder:
    return PartnerFinder(network.partners, network.projects.values(), glossary)


def find_partners(network: PartnerNetwork, finder: PartnerFinder, text: str, top: int = 10) -> list[FoundPartner]:
    """The partners whose areas of cooperation and past projects fit ``text``, best first."""
    records = network.by_id()
    return [FoundPartner(records[h.partner_id], h) for h in finder.find(text, top) if h.partner_id in records]
