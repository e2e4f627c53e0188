"""Words for counts, as a room reads them aloud: "1 service", "50 services"."""

from __future__ import annotations


def services_text(count: int | float) -> str:
    """The count with its noun: "1 service", "1,000 services" ("1 services" read as a typo)."""
    number = int(count)
    return f"{number:,} service" if number == 1 else f"{number:,} services"
