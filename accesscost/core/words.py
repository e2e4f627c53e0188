"""Words for counts, as a room reads them aloud: "1 service", "50 services", "200 pods"."""

from __future__ import annotations

from typing import Protocol

from accesscost.core.safe_text import markdown_literal


class Noun(Protocol):
    """What a decision's counted unit offers: its singular and plural (read-only: a frozen
    model's fields satisfy it)."""

    @property
    def label(self) -> str: ...

    @property
    def plural(self) -> str: ...


def noun_words(noun: Noun | None) -> tuple[str, str]:
    """Singular and plural of ``noun`` (a decision's counted unit); services without one."""
    return (noun.label, noun.plural) if noun is not None else ("service", "services")


def plural(noun: Noun | None) -> str:
    """The plural of ``noun``: "pods", "Lambda functions"; "services" without one."""
    return noun_words(noun)[1]


def services_text(count: int | float, noun: Noun | None = None) -> str:
    """The count with its noun: "1 service", "1,000 services" ("1 services" read as a typo);
    with ``noun`` (a decision's counted unit), "200 pods"."""
    number = int(count)
    singular, many = noun_words(noun)
    return f"{number:,} {singular}" if number == 1 else f"{number:,} {many}"


def services_markdown(count: int | float, noun: Noun | None = None) -> str:
    """``services_text`` for Streamlit's Markdown: the noun (YAML text) escaped, the number as
    written ("1,000 services", not "1\\,000 services")."""
    number, words = services_text(count, noun).split(" ", 1)
    return f"{number} {markdown_literal(words)}"


def capitalised(text: str) -> str:
    """The first letter upper-cased, the rest as written ("EC2 hosts", not "Ec2 hosts")."""
    return text[:1].upper() + text[1:]
