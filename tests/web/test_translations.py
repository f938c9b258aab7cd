"""The bokmål catalogue covers every UI string, with the same placeholders as the English."""

from __future__ import annotations

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from grantmatch.config import PROJECT_ROOT

PO = PROJECT_ROOT / "grantmatch" / "web" / "translations" / "nb" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def test_every_msgid_in_the_code_is_translated() -> None:
    catalog = read_po(PO.open("rb"))
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    method_map = [("grantmatch/**.py", "python"), ("grantmatch/web/templates/**.html", "jinja2")]
    found = {msg[2] if isinstance(msg[2], str) else msg[2][0]
             for msg in extract_from_dir(str(PROJECT_ROOT), method_map, keywords={
                 "_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None})}
    assert sorted(found - translated) == []


def test_placeholders_are_kept() -> None:
    for message in read_po(PO.open("rb")):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for text in strings:
            assert sorted(set(PLACEHOLDER.findall(text))) == expected, (message.id, text)
