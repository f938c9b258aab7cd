"""Project ideas sent by staff to the international coordinator ("Send til internasjonal rådgiver").

An idea is checked completely before anything is stored: a missing field, a name or
address with line breaks (header injection), an over-long text or an unknown scheme is
refused with one message per field and nothing is written. A valid idea is stored with
two mails in the outbox (to the coordinator, and a confirmation to the sender with a
capability link to follow the idea); the caller delivers them. Only the token's SHA-256
is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from html import escape
from typing import Any, Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantmatch.catalog import register as reg
from grantmatch.catalog.models import PastProject, Scheme, utcnow
from grantmatch.catalog.registermodels import Idea
from grantmatch.services import outbox

MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 10_000
MAX_PARTNERS_CHARS = 2_000
MAX_SCHEMES = 20
MAX_PARTNERS = 20
MAX_PER_EMAIL_PER_DAY = 5  # stops the form being used to mail-bomb someone else's address
TO_COORDINATOR, TO_SENDER = "idea-coordinator", "idea-confirm"


class IdeaRejected(ValueError):
    """The form cannot be accepted. ``errors`` maps each field to a message code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class IdeaForm:
    name: str
    unit: str
    email: str
    text: str
    schemes: list[str]
    partners: list[str]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_form(session: Session, form: Mapping[str, Any], schemes: Sequence[str]) -> IdeaForm:
    """The cleaned form, or :class:`IdeaRejected` naming every bad field (message codes)."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name in ("name", "unit"):
        raw = form.get(name) or ""
        text = raw.strip() if isinstance(raw, str) else ""
        if not text:
            errors[name] = "required"
        elif reg.has_control_chars(raw.strip()):
            errors[name] = "control-chars"
        elif len(text) > MAX_NAME_CHARS:
            errors[name] = "too-long"
        values[name] = text
    email = str(form.get("email") or "").strip()
    if not email:
        errors["email"] = "required"
    elif not reg.valid_email(email):
        errors["email"] = "invalid-email"
    text = str(form.get("text") or "").strip()
    if not text:
        errors["text"] = "required"
    elif len(text) > MAX_TEXT_CHARS:
        errors["text"] = "too-long"
    chosen = [s.strip() for s in schemes if isinstance(s, str) and s.strip()]
    if len(chosen) > MAX_SCHEMES or any(session.get(Scheme, s) is None for s in chosen):
        errors["schemes"] = "unknown-scheme"
    partners_text = str(form.get("partners") or "")
    partners = [line.strip() for line in partners_text.splitlines() if line.strip()]
    if len(partners_text) > MAX_PARTNERS_CHARS or len(partners) > MAX_PARTNERS \
            or any(len(p) > MAX_NAME_CHARS for p in partners):
        errors["partners"] = "too-long"
    elif any(reg.has_control_chars(p) for p in partners):
        errors["partners"] = "control-chars"
    if errors:
        raise IdeaRejected(errors)
    return IdeaForm(name=values["name"], unit=values["unit"], email=email.lower(), text=text,
                    schemes=list(dict.fromkeys(chosen)), partners=partners)


TEXTS = {
    "nb": {
        "subject": "Idéen din er sendt til internasjonal rådgiver",
        "body": "Hei {name}!\n\nIdéen din er sendt til internasjonal rådgiver i Fredrikstad kommune:\n\n{text}\n\n"
                "Følg den her (lenken er personlig; del den bare med dem som skal se idéen): {link}",
    },
    "en": {
        "subject": "Your idea has been sent to the international coordinator",
        "body": "Hello {name},\n\nyour idea has been sent to the international coordinator of Fredrikstad "
                "kommune:\n\n{text}\n\nFollow it here (the link is personal; share it only with people who "
                "should see the idea): {link}",
    },
}


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join("".join(ch if ord(ch) >= 32 and ord(ch) != 127 else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _coordinator_mail(idea: Idea, schemes: list[Scheme], base_url: str) -> tuple[str, str, str]:
    """Bokmål, like the link report: the coordinator's working language."""
    link = f"{base_url}/admin/ideas/{idea.id}"
    scheme_lines = [f"- {s.data.get('name', {}).get('nb', s.id)}: {base_url}/schemes/{s.id}" for s in schemes]
    lines = [f"Ny prosjektidé fra {idea.name} ({idea.unit}), {idea.email}:", "", idea.text, ""]
    if scheme_lines:
        lines += ["Valgte ordninger:", *scheme_lines, ""]
    if idea.partners:
        lines += ["Partnere:", *[f"- {p}" for p in idea.partners], ""]
    lines.append(f"Åpne idéen i innboksen: {link}")
    html = [f"<p>Ny prosjektidé fra <strong>{escape(idea.name)}</strong> ({escape(idea.unit)}), "
            f"<a href=\"mailto:{escape(idea.email)}\">{escape(idea.email)}</a>:</p>",
            "<blockquote>" + "<br>".join(escape(line) for line in idea.text.splitlines()) + "</blockquote>"]
    if schemes:
        html.append("<h2>Valgte ordninger</h2><ul>" + "".join(
            f'<li><a href="{escape(base_url)}/schemes/{escape(s.id)}">{escape(s.data.get("name", {}).get("nb", s.id))}'
            f"</a></li>" for s in schemes) + "</ul>")
    if idea.partners:
        html.append("<h2>Partnere</h2><ul>" + "".join(f"<li>{escape(p)}</li>" for p in idea.partners) + "</ul>")
    html.append(f'<p><a href="{escape(link)}">Åpne idéen i innboksen</a></p>')
    return f"Ny prosjektidé: {_short(idea.text)}", "\n".join(lines), "".join(html)


def submit(session: Session, form: Mapping[str, Any], schemes: Sequence[str], *, lang: str, base_url: str,
           coordinator: Sequence[str]) -> tuple[Idea, str]:
    """Store the idea and queue both mails; returns the idea and its capability token. Commits."""
    cleaned = check_form(session, form, schemes)
    since = utcnow() - dt.timedelta(days=1)
    recent = session.scalar(select(func.count()).select_from(Idea).where(
        Idea.email == cleaned.email, Idea.created_at >= since)) or 0
    if recent >= MAX_PER_EMAIL_PER_DAY:
        raise IdeaRejected({"email": "too-many"})
    token = secrets.token_urlsafe(32)
    lang = lang if lang in TEXTS else "nb"
    idea = Idea(token_hash=_hash(token), name=cleaned.name, unit=cleaned.unit, email=cleaned.email,
                text=cleaned.text, schemes=cleaned.schemes, partners=cleaned.partners, lang=lang, status="new",
                created_at=utcnow())
    session.add(idea)
    session.flush()
    chosen = [s for s in (session.get(Scheme, sid) for sid in cleaned.schemes) if s is not None]
    subject, text, html = _coordinator_mail(idea, chosen, base_url)
    outbox.enqueue(session, kind=TO_COORDINATOR, recipients=list(coordinator), subject=subject, text=text,
                   html=html, ref=f"idea:{idea.id}")
    link = f"{base_url}/ideas/{token}"
    t = TEXTS[lang]
    body = t["body"].format(name=cleaned.name, text=cleaned.text, link=link)
    html_body = (f"<p>{escape(body.split(chr(10))[0])}</p><blockquote>"
                 + "<br>".join(escape(line) for line in cleaned.text.splitlines())
                 + f'</blockquote><p><a href="{escape(link)}">{escape(link)}</a></p>')
    outbox.enqueue(session, kind=TO_SENDER, recipients=[cleaned.email], subject=t["subject"], text=body,
                   html=html_body, ref=f"idea:{idea.id}")
    session.commit()
    return idea, token


def find(session: Session, token: str) -> Idea | None:
    """The idea a capability token opens, or None (unknown, forged or malformed token)."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(Idea).where(Idea.token_hash == _hash(token)))


@dataclass(frozen=True)
class IdeaStatus:
    idea: Idea
    stage: str | None  # the register entry's stage once registered
    project_name: str | None
    public: bool  # the entry is on the public page


def status(session: Session, idea: Idea) -> IdeaStatus:
    if idea.status != "registered" or not idea.project_id:
        return IdeaStatus(idea, None, None, False)
    row = session.get(PastProject, idea.project_id)
    if row is None:
        return IdeaStatus(idea, None, None, False)
    return IdeaStatus(idea, row.stage, str(row.data.get("name") or ""), row.stage in reg.PUBLIC_STAGES)


def inbox(session: Session, status_filter: str | None = "new") -> list[Idea]:
    query = select(Idea).order_by(Idea.created_at.desc(), Idea.id.desc())
    if status_filter:
        query = query.where(Idea.status == status_filter)
    return list(session.scalars(query))
