"""Language choice: ?lang= (remembered in a cookie), then the cookie, then Accept-Language."""

from __future__ import annotations

from typing import Any, Mapping

from flask import g, request, url_for

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
COOKIE = "lang"
# Browsers send "no", "nn" or "nb" for Norwegian; all get bokmål.
_ACCEPT_ALIASES = {"nb": "nb", "no": "nb", "nn": "nb", "en": "en"}


def select_locale() -> str:
    if "lang" in g:
        return g.lang
    wanted = request.args.get("lang") or request.cookies.get(COOKIE)
    if wanted in LANGUAGES:
        g.lang = wanted
        return wanted
    best = DEFAULT_LANGUAGE
    for value, _quality in request.accept_languages:
        primary = value.lower().split("-")[0]
        if primary in _ACCEPT_ALIASES:
            best = _ACCEPT_ALIASES[primary]
            break
    g.lang = best
    return best


def pick(text: Any, lang: str | None = None) -> str:
    """The text in ``lang`` from a bilingual mapping, falling back to the other language."""
    lang = lang or select_locale()
    if isinstance(text, Mapping):
        return text.get(lang) or text.get(DEFAULT_LANGUAGE) or text.get("en") or ""
    return "" if text is None else str(text)


def lang_url(lang: str) -> str:
    """The current page in another language (same path and query, ``lang`` replaced)."""
    args = request.args.to_dict()
    args["lang"] = lang
    endpoint = request.endpoint if request.url_rule is not None and request.method == "GET" else None
    if endpoint is None:
        return url_for("staff.index", lang=lang)
    return url_for(endpoint, **(request.view_args or {}), **args)
