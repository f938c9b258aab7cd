"""``grantmatch match`` and ``grantmatch eval`` (filled in with the matcher)."""

COMMANDS: list = []
