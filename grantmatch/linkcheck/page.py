"""Look inside the first bytes of an HTML page: soft 404s and bot challenges."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

# A page answering 200 whose title or first h1 matches one of these is most
# likely an error page in disguise. Norwegian (bokmål, nynorsk), Swedish,
# Danish, German and English wordings.
SOFT_404_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b404\b",
        r"\bnot found\b",
        r"\bfinnes ikke\b",
        r"\bfinst ikkje\b",
        r"\bfinnes ikkje\b",
        r"\bble ikke funnet\b",
        r"\bvart ikkje funne\b",
        r"\bfant ikke siden\b",
        r"\bfinner ikke siden\b",
        r"\bsidan finns inte\b",
        r"\bsidan hittades inte\b",
        r"\bsiden blev ikke fundet\b",
        r"\bseite nicht gefunden\b",
    )
)

# Interstitial pages of bot-protection services that a real browser passes.
CHALLENGE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"just a moment",
        r"attention required",
        r"checking your browser",
        r"checking if the site connection is secure",
        r"ddos-guard",
        r"verify(ing)? you are (a )?human",
        r"are you a robot",
        r"captcha",
    )
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class PageInfo:
    """The headline texts of a page, whitespace-collapsed (None when missing)."""

    title: str | None
    h1: str | None


class _HeadlineParser(HTMLParser):
    """Collects the text of the first <title> and the first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.h1: str | None = None
        self._capturing: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._capturing is None and tag in ("title", "h1") and getattr(self, tag) is None:
            self._capturing = tag
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capturing:
            setattr(self, tag, " ".join("".join(self._buffer).split()))
            self._capturing = None

    def handle_data(self, data: str) -> None:
        if self._capturing is not None:
            self._buffer.append(data)


def content_type(headers: Mapping[str, str]) -> str:
    """The bare media type of a response, lower case ('' when absent)."""
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def is_htmlish(headers: Mapping[str, str]) -> bool:
    """True for HTML answers and for answers without a content type (sniffed by browsers)."""
    kind = content_type(headers)
    return kind in ("", "text/html", "application/xhtml+xml")


def _charset(headers: Mapping[str, str], body: bytes) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", headers.get("content-type", ""), re.I)
    if match:
        return match.group(1)
    meta = _META_CHARSET.search(body[:4096])
    return meta.group(1).decode("ascii") if meta else "utf-8"


def read_page(headers: Mapping[str, str], body: bytes) -> PageInfo:
    """Parse the (possibly truncated) HTML ``body`` for its title and first h1."""
    try:
        text = body.decode(_charset(headers, body), errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    parser = _HeadlineParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - a broken page must not break the check
        pass
    return PageInfo(title=parser.title, h1=parser.h1)


def _first_match(texts: tuple[str | None, ...], patterns: tuple[re.Pattern[str], ...]) -> str | None:
    for text in texts:
        if text and any(p.search(text.casefold()) for p in patterns):
            return text
    return None


def soft_404_text(page: PageInfo) -> str | None:
    """The title or h1 text that says 'not found', or None."""
    return _first_match((page.title, page.h1), SOFT_404_PATTERNS)


def challenge_text(headers: Mapping[str, str], page: PageInfo | None) -> str | None:
    """Describe a bot-protection challenge in the answer, or None if there is none."""
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return "Cloudflare challenge (cf-mitigated header)"
    if page is None:
        return None
    found = _first_match((page.title, page.h1), CHALLENGE_PATTERNS)
    return f"challenge page '{found}'" if found else None
