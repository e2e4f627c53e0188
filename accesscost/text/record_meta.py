"""A decision record's front matter (status, date, decision-makers, consulted, informed), its
title and file name, and its number after the records already in the folder (MADR 4.0; the folder
opens in adr-tools, log4brains and Structurizr's ``!adrs`` import)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from accesscost.core.errors import AssumptionErrors
from accesscost.text.records import RecordFigures

STATUSES = ("proposed", "accepted", "rejected", "deprecated")


SUPERSEDED = re.compile(r"^superseded by ADR-\d{4}$")


MAX_PEOPLE, MAX_NAME = 50, 100


# Names go into the YAML front matter as they are, which a Markdown viewer without front-matter
# support shows as text: a name holding one of these could become a link, an image or HTML there.
MARKUP_CHARACTERS = "[]<>`|"


MARKUP = re.compile("[" + re.escape(MARKUP_CHARACTERS) + "]")


@dataclass(frozen=True)
class RecordMeta:
    """The record's front matter: its status, its date and the people (MADR 4.0)."""

    status: str = "proposed"
    date: date = field(default_factory=lambda: datetime.now(UTC).date())
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES and not SUPERSEDED.match(self.status):
            allowed = ", ".join(STATUSES) + " or 'superseded by ADR-NNNN'"
            raise AssumptionErrors.one("status", "", f"must be {allowed}, got {self.status!r}")
        for name in ("decision_makers", "consulted", "informed"):
            _check_people(name.replace("_", "-"), getattr(self, name))


def people(text: str) -> tuple[str, ...]:
    """Names typed as one line, separated by commas or semicolons."""
    return tuple(p.strip() for p in re.split(r"[,;\n]", text or "") if p.strip())


def _check_people(label: str, names: Sequence[str]) -> None:
    if len(names) > MAX_PEOPLE:
        raise AssumptionErrors.one(label, "", f"at most {MAX_PEOPLE} names, got {len(names)}")
    for index, name in enumerate(names):
        if len(name) > MAX_NAME or not name.isprintable() or MARKUP.search(name):
            reason = (
                f"a name of at most {MAX_NAME} printable characters, none of "
                f"{' '.join(MARKUP_CHARACTERS)}, got {name[:40]!r}"
            )
            raise AssumptionErrors.one(label, str(index), reason)


def front_matter(meta: RecordMeta) -> str:
    import yaml

    document = {
        "status": meta.status,
        "date": meta.date,
        "decision-makers": list(meta.decision_makers),
        "consulted": list(meta.consulted),
        "informed": list(meta.informed),
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{body}---\n"


def record_title(figures: RecordFigures) -> str:
    """The record's title, as plain text: the decision and the chosen option."""
    subject = figures.decision.title if figures.decision else "Access pattern"
    chosen = figures.chosen.name if figures.chosen else "no option meets the requirement"
    return f"{subject}: {chosen} at {figures.count_text}"


def slug(title: str, limit: int = 60) -> str:
    """Lower-case words joined by dashes (MADR's file names), at most ``limit`` characters."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return words[:limit].rstrip("-") or "decision"


RECORD_FILE = re.compile(r"^(\d{4})-.+\.md$")


def next_number(existing: Sequence[str]) -> int:
    """The number after the highest ``NNNN-*.md`` among ``existing`` file names (1 if none)."""
    numbers = [int(m.group(1)) for name in existing if (m := RECORD_FILE.match(name))]
    return max(numbers, default=0) + 1


def record_stem(number: int, figures: RecordFigures) -> str:
    return f"{number:04d}-{slug(record_title(figures))}"
