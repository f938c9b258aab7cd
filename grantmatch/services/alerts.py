"""Saved searches with e-mail alerts: double opt-in, one-click unsubscribe, daily digests.

A digest goes out when a scheme newly matches a saved search (added, or changed so that
it now matches) or when a matched scheme's deadline is 30 or 7 days away. Tokens in
links are capabilities; only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from html import escape
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from grantmatch.catalog.jobmodels import SavedSearch
from grantmatch.catalog.models import utcnow
from grantmatch.matcher import Matcher
from grantmatch.services import outbox
from grantmatch.services.users import EMAIL_RE

MAX_PENDING_PER_EMAIL = 5  # unconfirmed sign-ups per address per day: stops mail bombing a stranger
NOTICE_DAYS = (30, 7)
CONFIRM_KIND, DIGEST_KIND = "alert-confirm", "alert-digest"


class AlertError(ValueError):
    """A sign-up that cannot be accepted; the message is for the user."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def unsubscribe_token(saved: SavedSearch, secret: str) -> str:
    """A stable token for the unsubscribe link of every mail of this saved search."""
    mac = hmac.new(secret.encode("utf-8"), f"unsubscribe:{saved.id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{saved.id}-{mac}"


def feed_token(saved: SavedSearch, secret: str) -> str:
    """A stable token for the saved search's deadline calendar (read-only; cannot unsubscribe)."""
    mac = hmac.new(secret.encode("utf-8"), f"feed:{saved.id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{saved.id}-{mac}"


def _find_signed(session: Session, token: str, secret: str, sign: Any) -> SavedSearch | None:
    head, _, _mac = token.partition("-")
    if not head.isdigit() or len(token) > 100:
        return None
    saved = session.get(SavedSearch, int(head))
    if saved is None or not hmac.compare_digest(sign(saved, secret), token):
        return None
    return saved


def _find_by_unsubscribe_token(session: Session, token: str, secret: str) -> SavedSearch | None:
    return _find_signed(session, token, secret, unsubscribe_token)


def find_by_feed_token(session: Session, token: str, secret: str) -> SavedSearch | None:
    """The confirmed saved search behind a calendar link, or None."""
    saved = _find_signed(session, token, secret, feed_token)
    return saved if saved is not None and saved.confirmed_at is not None else None


def matching_schemes(matcher: Matcher, saved: SavedSearch) -> list[str]:
    """Ids of the schemes that match the saved search now (weak matches left out)."""
    return [r.scheme_id for r in _current(matcher, saved)]


def _find(session: Session, token: str) -> SavedSearch | None:
    if not token or len(token) > 200:
        return None
    return session.scalar(select(SavedSearch).where(SavedSearch.token == _hash(token)))


TEXTS = {
    "nb": {
        "confirm_subject": "Bekreft varsel om tilskuddsordninger",
        "confirm_body": "Du (eller noen med din e-postadresse) ba om varsel når nye tilskuddsordninger passer "
                        "søket «{query}».\n\nBekreft her: {link}\n\nGjør du ingenting, skjer det ingenting, og "
                        "adressen slettes.",
        "digest_subject": "Nytt om tilskudd for «{query}»",
        "new": "Nye ordninger som passer søket ditt",
        "deadline": "Frist om {days} dager ({date})",
        "deadlines": "Frister som nærmer seg",
        "unsubscribe": "Avslutt varselet med ett klikk: {link}",
    },
    "en": {
        "confirm_subject": "Confirm your funding alert",
        "confirm_body": "You (or someone using your e-mail address) asked to be told when funding schemes match "
                        "the search \"{query}\".\n\nConfirm here: {link}\n\nIf you do nothing, nothing happens and "
                        "the address is deleted.",
        "digest_subject": "News about funding for \"{query}\"",
        "new": "New schemes that match your search",
        "deadline": "Deadline in {days} days ({date})",
        "deadlines": "Deadlines coming up",
        "unsubscribe": "Stop this alert with one click: {link}",
    },
}


def _short(query: str) -> str:
    flat = " ".join(query.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"


def subscribe(session: Session, *, email: str, query: str, applicant: str | None, programme: str | None,
              lang: str, base_url: str, max_query_chars: int, secret: str) -> SavedSearch:
    """Store an unconfirmed saved search and queue the confirmation mail (caller delivers)."""
    email = email.strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 320 or any(c in email for c in "\r\n<>,;"):
        raise AlertError("invalid-email")
    if not query.strip():
        raise AlertError("empty-query")
    if len(query) > max_query_chars:
        raise AlertError("query-too-long")
    since = utcnow() - dt.timedelta(days=1)
    recent = session.scalar(select(func.count()).select_from(SavedSearch).where(
        SavedSearch.email == email, SavedSearch.confirmed_at.is_(None), SavedSearch.created_at >= since)) or 0
    if recent >= MAX_PENDING_PER_EMAIL:
        raise AlertError("too-many")
    token = secrets.token_urlsafe(32)
    lang = lang if lang in TEXTS else "nb"
    saved = SavedSearch(token=_hash(token), email=email, query=query.strip(), applicant=applicant or None,
                        programme=programme or None, lang=lang, created_at=utcnow(), known_schemes=[],
                        sent_notices=[])
    session.add(saved)
    session.flush()  # the id is part of the unsubscribe token
    t = TEXTS[lang]
    link = f"{base_url}/alerts/confirm/{token}"
    stop = f"{base_url}/alerts/unsubscribe/{unsubscribe_token(saved, secret)}"
    text = t["confirm_body"].format(query=_short(query), link=link) + "\n\n" + t["unsubscribe"].format(link=stop)
    html = (f"<p>{escape(text.split(chr(10))[0])}</p><p><a href=\"{escape(link)}\">{escape(link)}</a></p>"
            f"<p><a href=\"{escape(stop)}\">{escape(t['unsubscribe'].split(':')[0])}</a></p>")
    outbox.enqueue(session, kind=CONFIRM_KIND, recipients=[email], subject=t["confirm_subject"], text=text, html=html)
    session.commit()
    return saved


def find_pending(session: Session, token: str) -> SavedSearch | None:
    return _find(session, token)


def confirm(session: Session, token: str, matcher: Matcher) -> SavedSearch | None:
    """Confirm; what matches today becomes the baseline so the first digest is only news."""
    saved = _find(session, token)
    if saved is None:
        return None
    if saved.confirmed_at is None:
        saved.confirmed_at = utcnow()
        saved.known_schemes = sorted(_current_ids(matcher, saved))
        session.commit()
    return saved


def unsubscribe(session: Session, token: str, secret: str) -> bool:
    """Delete the saved search and with it the address. True when something was deleted."""
    saved = _find_by_unsubscribe_token(session, token, secret)
    if saved is None:
        return False
    session.execute(delete(SavedSearch).where(SavedSearch.id == saved.id))
    session.commit()
    return True


def purge_unconfirmed(session: Session, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    result = session.execute(delete(SavedSearch).where(SavedSearch.confirmed_at.is_(None),
                                                       SavedSearch.created_at < utcnow() - older_than))
    session.commit()
    return result.rowcount or 0


def _current(matcher: Matcher, saved: SavedSearch) -> list[Any]:
    outcome = matcher.match(saved.query, top=10, applicant=saved.applicant, programme=saved.programme)
    return [r for r in outcome.results if not r.weak]


def _current_ids(matcher: Matcher, saved: SavedSearch) -> set[str]:
    return {r.scheme_id for r in _current(matcher, saved)}


@dataclass(frozen=True)
class Digest:
    new: list[Any]
    deadlines: list[tuple[Any, int, str]]  # (result, days, notice key)

    @property
    def empty(self) -> bool:
        return not self.new and not self.deadlines


def build_digest(matcher: Matcher, saved: SavedSearch, today: dt.date) -> Digest:
    results = _current(matcher, saved)
    known = set(saved.known_schemes or [])
    sent = set(saved.sent_notices or [])
    new = [r for r in results if r.scheme_id not in known]
    deadlines = []
    for r in results:
        if not r.next_deadline:
            continue
        days = (dt.date.fromisoformat(r.next_deadline) - today).days
        # Windows rather than exact days, so a day of downtime does not skip a notice.
        for notice, low in ((7, 0), (30, 8)):
            key = f"{r.scheme_id}|{r.next_deadline}|{notice}"
            if low <= days <= notice and key not in sent:
                deadlines.append((r, days, key))
                break
    return Digest(new=new, deadlines=deadlines)


def _digest_mail(saved: SavedSearch, digest: Digest, base_url: str, unsubscribe_link: str) -> tuple[str, str, str]:
    t = TEXTS.get(saved.lang, TEXTS["nb"])
    lines, html = [], []
    if digest.new:
        lines.append(t["new"] + ":")
        html.append(f"<h2>{escape(t['new'])}</h2><ul>")
        for r in digest.new:
            link = f"{base_url}/schemes/{r.scheme_id}"
            lines.append(f"- {r.name}: {link}")
            html.append(f'<li><a href="{escape(link)}">{escape(r.name)}</a></li>')
        html.append("</ul>")
    if digest.deadlines:
        lines.append(t["deadlines"] + ":")
        html.append(f"<h2>{escape(t['deadlines'])}</h2><ul>")
        for r, days, _key in digest.deadlines:
            when = t["deadline"].format(days=days, date=r.next_deadline)
            link = f"{base_url}/schemes/{r.scheme_id}"
            lines.append(f"- {r.name}: {when} {link}")
            html.append(f'<li><a href="{escape(link)}">{escape(r.name)}</a>: {escape(when)}</li>')
        html.append("</ul>")
    footer = t["unsubscribe"].format(link=unsubscribe_link)
    lines += ["", footer]
    html.append(f'<p><a href="{escape(unsubscribe_link)}">{escape(footer.split(":")[0])}</a></p>')
    return t["digest_subject"].format(query=_short(saved.query)), "\n".join(lines), "".join(html)


def queue_digests(session: Session, matcher: Matcher, *, base_url: str, secret: str, today: dt.date) -> int:
    """One digest per confirmed saved search that has news; returns how many were queued."""
    queued = 0
    for saved in session.scalars(select(SavedSearch).where(SavedSearch.confirmed_at.is_not(None))):
        digest = build_digest(matcher, saved, today)
        current = _current_ids(matcher, saved)
        if not digest.empty:
            link = f"{base_url}/alerts/unsubscribe/{unsubscribe_token(saved, secret)}"
            subject, text, html = _digest_mail(saved, digest, base_url, link)
            outbox.enqueue(session, kind=DIGEST_KIND, recipients=[saved.email], subject=subject, text=text, html=html)
            saved.sent_notices = sorted(set(saved.sent_notices or []) | {key for _, _, key in digest.deadlines})
            saved.last_digest_at = utcnow()
            queued += 1
        saved.known_schemes = sorted(current)
    session.commit()
    return queued
