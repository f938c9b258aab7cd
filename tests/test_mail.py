"""send_email against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, Session

from grantmatch.mail import MailError, SmtpSettings, build_message, send_email

SUBJECT = "Lenkesjekk uke 48: 3 brutte, 2 flyttet"
TEXT = "Hei!\nTre lenker er brutte: Østfold, Ærø, Åsgårdstrand.\n"
HTML = "<html><body><p>Tre lenker er <b>brutte</b>: Østfold.</p></body></html>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Collects delivered messages; can refuse recipients or data."""

    def __init__(self, rcpt_reply: str | None = None, data_reply: str | None = None) -> None:
        self.messages: list[Envelope] = []
        self.rcpt_reply = rcpt_reply
        self.data_reply = data_reply

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if self.rcpt_reply and address.startswith("nobody@"):
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        if self.data_reply:
            return self.data_reply
        self.messages.append(envelope)
        return "250 Message accepted"


def start(handler: Sink, **kwargs: object) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller


@pytest.fixture
def sink() -> Iterator[tuple[Sink, SmtpSettings]]:
    handler = Sink()
    controller = start(handler)
    yield handler, SmtpSettings(host="127.0.0.1", port=controller.port, timeout=5,
                                sender="Grantmatch <lenkesjekk@fredrikstad.kommune.no>")
    controller.stop()


def parsed(envelope: Envelope) -> Message:
    return message_from_bytes(envelope.original_content, policy=default_policy)


def test_sends_multipart_alternative_with_headers(sink) -> None:
    handler, settings = sink
    send_email(settings, ["koordinator@fredrikstad.kommune.no", "Ola <ola@example.org>"],
               SUBJECT, TEXT, HTML)
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.mail_from == "lenkesjekk@fredrikstad.kommune.no"
    assert envelope.rcpt_tos == ["koordinator@fredrikstad.kommune.no", "ola@example.org"]
    message = parsed(envelope)
    assert message["Subject"] == SUBJECT
    assert message["From"] == "Grantmatch <lenkesjekk@fredrikstad.kommune.no>"
    assert message["Message-ID"].endswith("@fredrikstad.kommune.no>")
    assert message["Date"] and message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain.get_content().replace("\r\n", "\n") == TEXT
    assert plain.get_content_charset() == "utf-8"
    assert html.get_content().strip() == HTML


def test_authenticated_login() -> None:
    handler = Sink()

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = auth_data.login == b"grantmatch" and auth_data.password == b"hemmelig"
        return AuthResult(success=ok, handled=False)  # unhandled: aiosmtpd answers 535

    controller = start(handler, authenticator=authenticator, auth_require_tls=False)
    try:
        good = SmtpSettings(host="127.0.0.1", port=controller.port, username="grantmatch",
                            password="hemmelig", timeout=5)
        send_email(good, ["a@example.org"], SUBJECT, TEXT, HTML)
        assert len(handler.messages) == 1
        bad = SmtpSettings(host="127.0.0.1", port=controller.port, username="grantmatch",
                           password="feil", timeout=5)
        with pytest.raises(MailError, match="authentication failed for user 'grantmatch'"):
            send_email(bad, ["a@example.org"], SUBJECT, TEXT, HTML)
        assert "feil" not in repr(bad)
    finally:
        controller.stop()


def test_closed_port_raises_mail_error() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2)
    with pytest.raises(MailError, match="could not connect to SMTP server 127.0.0.1"):
        send_email(settings, ["a@example.org"], SUBJECT, TEXT, HTML)


def test_rejected_recipient_raises_mail_error() -> None:
    handler = Sink(rcpt_reply="550 5.1.1 No such user")
    controller = start(handler)
    try:
        settings = SmtpSettings(host="127.0.0.1", port=controller.port, timeout=5)
        with pytest.raises(MailError, match="refused every recipient: nobody@example.org"):
            send_email(settings, ["nobody@example.org"], SUBJECT, TEXT, HTML)
        with pytest.raises(MailError, match="refused some recipients"):
            send_email(settings, ["nobody@example.org", "someone@example.org"], SUBJECT, TEXT, HTML)
        assert handler.messages[0].rcpt_tos == ["someone@example.org"]
    finally:
        controller.stop()


def test_temporary_failure_on_data_raises_mail_error() -> None:
    controller = start(Sink(data_reply="451 4.3.0 Try again later"))
    try:
        settings = SmtpSettings(host="127.0.0.1", port=controller.port, timeout=5)
        with pytest.raises(MailError, match="refused the message: 451"):
            send_email(settings, ["a@example.org"], SUBJECT, TEXT, HTML)
    finally:
        controller.stop()


@pytest.mark.parametrize(("to", "subject"), [
    (["a@example.org"], "Hei\r\nBcc: victim@example.org"),
    (["a@example.org\nBcc: victim@example.org"], "Hei"),
    (["not-an-address"], "Hei"),
    ([], "Hei"),
    ("a@example.org", "Hei"),
])
def test_header_injection_and_bad_addresses_rejected(to, subject: str) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=1)
    with pytest.raises(ValueError):
        send_email(settings, to, subject, TEXT, HTML)


def test_settings_validation() -> None:
    with pytest.raises(ValueError):
        SmtpSettings(starttls=True, use_ssl=True)
    with pytest.raises(ValueError):
        SmtpSettings(sender="grantmatch@x\r\nBcc: y@z")


def test_build_message_is_ascii_safe_on_the_wire() -> None:
    message = build_message("a@example.org", ["b@example.org"], "Ærlig talt: ø å", TEXT, HTML)
    wire = message.as_bytes()
    assert wire.isascii() and b"\r\n" in wire
    assert message_from_bytes(wire, policy=default_policy)["Subject"] == "Ærlig talt: ø å"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not available")
def test_starttls_with_internal_ca(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Sink()
    controller = start(handler, tls_context=context, require_starttls=True)
    try:
        trusted = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=True,
                               cafile=str(cert), timeout=5)
        send_email(trusted, ["a@example.org"], SUBJECT, TEXT, HTML)
        assert len(handler.messages) == 1
        untrusted = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=True, timeout=5)
        with pytest.raises(MailError, match="TLS error|certificate"):
            send_email(untrusted, ["a@example.org"], SUBJECT, TEXT, HTML)
        plain = SmtpSettings(host="127.0.0.1", port=controller.port, timeout=5)
        with pytest.raises(MailError):
            send_email(plain, ["a@example.org"], SUBJECT, TEXT, HTML)
    finally:
        controller.stop()
