"""Names and paths written into SQL text, escaped: every identifier and path the code puts
into a statement goes through here (values travel as parameters), so a table named
`x" as select 1; --` or a home at `/srv/o'brien` is only a name."""

from __future__ import annotations

from pathlib import Path


def identifier(*parts: str) -> str:
    """A (qualified) identifier in double quotes: identifier("marts", "fct_figures")."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def literal(text: str | Path) -> str:
    """A string literal in single quotes, for what SQL takes no parameter for (ATTACH, COPY TO)."""
    return "'" + str(text).replace("'", "''") + "'"
