"""Send one email over SMTP as multipart/alternative (plain text + HTML).

Small and injectable: callers hold an :class:`SmtpSettings` and call
:func:`send_email`; tests point it at a local SMTP server. Every SMTP or
network problem surfaces as :class:`MailError` with a readable message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid, parseaddr


class MailError(RuntimeError):
    """Sending failed; the message says where and why."""


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the SMTP server and whom the mail is from.

    ``use_ssl`` is implicit TLS (usually port 465); ``starttls`` upgrades a
    plain connection (usually port 587). ``cafile`` adds a CA bundle for
    servers with an internal certificate.
    """

    host: str = "localhost"
    port: int = 25
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    use_ssl: bool = False
    timeout: float = 30.0
    sender: str = "grantmatch@localhost"
    cafile: str | None = None

    def __post_init__(self) -> None:
        if self.starttls and self.use_ssl:
            raise ValueError("choose either starttls or use_ssl, not both")
        if not 0 < self.port < 65536:
            raise ValueError(f"invalid SMTP port {self.port}")
        _check_address(self.sender, "sender")


def _check_header(value: str, what: str) -> None:
    if "\r" in value or "\n" in value:
        raise ValueError(f"{what} must not contain line breaks (header injection)")


def _check_address(value: str, what: str) -> str:
    """Validate one address (optionally with a display name); return the bare address."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string, got {type(value).__name__}")
    _check_header(value, what)
    address = parseaddr(value)[1]
    if "@" not in address or any(ch.isspace() for ch in address):
        raise ValueError(f"{what} is not an email address: {value!r}")
    return address


def build_message(sender: str, to: Sequence[str], subject: str, text: str, html: str,
                  *, now: datetime | None = None) -> EmailMessage:
    """Build the UTF-8 multipart/alternative message with Date and Message-ID.

    Raises ValueError for line breaks in the subject or any address, for an
    empty recipient list, or for a single string passed as ``to``.
    """
    if isinstance(to, str):
        raise ValueError("to must be a list of addresses, not a single string")
    if not to:
        raise ValueError("at least one recipient is needed")
    sender_address = _check_address(sender, "sender")
    for address in to:
        _check_address(address, "recipient")
    _check_header(subject, "subject")
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(now or datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender_address.rsplit("@", 1)[1])
    # quoted-printable keeps the wire 7-bit clean for relays without 8BITMIME
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.cafile)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=_tls_context(settings))
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


def _reply(code: int, text: bytes | str) -> str:
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {shown}".strip()


def _deliver(settings: SmtpSettings, message: EmailMessage, recipients: list[str]) -> None:
    where = f"{settings.host}:{settings.port}"
    with _connect(settings) as client:
        client.ehlo()
        if settings.starttls:
            client.starttls(context=_tls_context(settings))
            client.ehlo()
        if settings.username:
            client.login(settings.username, settings.password or "")
        refused = client.send_message(message, from_addr=parseaddr(settings.sender)[1],
                                      to_addrs=recipients)
    if refused:
        details = "; ".join(f"{addr} ({_reply(*reply)})" for addr, reply in refused.items())
        raise MailError(f"{where} refused some recipients, the others got the mail: {details}")


def send_email(settings: SmtpSettings, to: list[str], subject: str, text: str, html: str) -> None:
    """Send one multipart/alternative email; raise MailError if it was not accepted.

    ValueError (before any connection) for header injection or bad addresses.
    """
    message = build_message(settings.sender, to, subject, text, html)
    recipients = [parseaddr(address)[1] for address in to]
    where = f"{settings.host}:{settings.port}"
    try:
        _deliver(settings, message, recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"SMTP authentication failed for user {settings.username!r} on {where}: "
                        f"{_reply(exc.smtp_code, exc.smtp_error)}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        details = "; ".join(f"{addr} ({_reply(*reply)})" for addr, reply in exc.recipients.items())
        raise MailError(f"{where} refused every recipient: {details}") from exc
    except smtplib.SMTPSenderRefused as exc:
        raise MailError(f"{where} refused the sender {exc.sender}: "
                        f"{_reply(exc.smtp_code, exc.smtp_error)}") from exc
    except smtplib.SMTPDataError as exc:
        raise MailError(f"{where} refused the message: {_reply(exc.smtp_code, exc.smtp_error)}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"{where} does not support a required feature: {exc}") from exc
    except smtplib.SMTPException as exc:
        raise MailError(f"SMTP error with {where}: {exc}") from exc
    except ssl.SSLError as exc:
        raise MailError(f"TLS error with SMTP server {where}: {exc}") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise MailError(f"could not connect to SMTP server {where}: {reason}") from exc
