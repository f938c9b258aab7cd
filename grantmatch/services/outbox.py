"""The mail outbox: store first, then send, and retry whatever the server refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from grantmatch.catalog.jobmodels import OutboxMail
from grantmatch.catalog.models import utcnow
from grantmatch.config import SmtpConfig
from grantmatch.mail import MailError, SmtpSettings, send_email

MAX_ATTEMPTS = 50
LEASE = dt.timedelta(minutes=5)  # a sender that dies mid-send frees the mail after this


def smtp_settings(config: SmtpConfig) -> SmtpSettings | None:
    """None when no mail server is configured: mails then wait in the outbox."""
    if not config.host:
        return None
    return SmtpSettings(host=config.host, port=config.port, username=config.username or None,
                        password=config.password or None, starttls=config.starttls, sender=config.sender)


def enqueue(session: Session, *, kind: str, recipients: Sequence[str], subject: str, text: str, html: str,
            ref: str | None = None) -> OutboxMail:
    mail = OutboxMail(kind=kind, ref=ref, recipients=list(recipients), subject=subject, text_body=text,
                      html_body=html, created_at=utcnow(), attempts=0)
    session.add(mail)
    return mail


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    waiting: int


def pending(session: Session) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None)).order_by(OutboxMail.id)))


def _lease(session: Session, mail_id: int) -> bool:
    """Take the right to send one mail; False when another process holds or sent it."""
    now = utcnow()
    result = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None),
               or_(OutboxMail.locked_until.is_(None), OutboxMail.locked_until < now))
        .values(locked_until=now + LEASE, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)  # the WHERE is for the database, not Python
    )
    session.commit()
    return result.rowcount == 1


def deliver_pending(session: Session, settings: SmtpSettings | None) -> DeliveryReport:
    """Try to send every unsent mail once; each outcome is committed on its own."""
    waiting = pending(session)
    if settings is None:
        return DeliveryReport(sent=0, failed=0, waiting=len(waiting))
    sent = failed = 0
    for mail_id in [m.id for m in waiting if m.attempts < MAX_ATTEMPTS and m.recipients]:
        if not _lease(session, mail_id):
            continue
        mail = session.get(OutboxMail, mail_id, populate_existing=True)
        try:
            send_email(settings, list(mail.recipients), mail.subject, mail.text_body, mail.html_body)
        except (MailError, ValueError) as exc:
            mail.last_error = str(exc)[:2000]
            failed += 1
        else:
            mail.sent_at = utcnow()
            mail.last_error = None
            sent += 1
        mail.locked_until = None
        session.commit()
    return DeliveryReport(sent=sent, failed=failed, waiting=len(pending(session)))
