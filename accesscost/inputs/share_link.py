"""A what-if scenario carried in a share link, so a link opens the same what-if.

The scenario's YAML (``accesscost.inputs.scenario.scenario_yaml``) is deflated and
base64url-encoded into one
query parameter. A link is read back through the same size cap, safe YAML reader and validation
as an uploaded scenario file, so a hand-made link is no more trusted than an upload.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.scenario import (
    MAX_SCENARIO_BYTES,
    Scenario,
    scenario_from_bytes,
    scenario_yaml,
)

LINK_FILE = "share link"
LINK_PARAMETER = "whatif"
# Browsers, proxies and chat tools keep URLs of 2,000 characters; the rest of the query string
# (count, horizon, rate, patterns, reference, draws) takes under 200.
MAX_LINK_CHARS = 1_800
_RAW_DEFLATE = -15  # zlib window bits: no zlib header or checksum, the shortest token
# The link's what-if when the page's what-if was too long to carry: a reload or the link's reader
# is told it was dropped. Never a token: a packed scenario is far longer than these 8 characters.
TOO_LONG = "too-long"
TOO_LONG_NOTE = (
    f"The what-if this link was made from was too long for a share link (over {MAX_LINK_CHARS:,} "
    "characters packed) and was dropped: the page shows the baseline with the link's settings. "
    "Upload its scenario file (Download YAML) to see it."
)


def link_token(scenario: Scenario) -> str | None:
    """The scenario as a link parameter, or None when it is longer than ``MAX_LINK_CHARS``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, _RAW_DEFLATE)
    packed = packer.compress(scenario_yaml(scenario).encode("utf-8")) + packer.flush()
    token = base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    return token if len(token) <= MAX_LINK_CHARS else None


def scenario_from_link(token: str) -> Scenario:
    """The scenario a link parameter holds; ``AssumptionErrors`` naming the link and the reason
    for a token that is too long, not base64url, not deflate, too large unpacked, or not a valid
    scenario."""
    if len(token) > MAX_LINK_CHARS:
        raise _bad(f"longer than {MAX_LINK_CHARS:,} characters")
    try:
        padded = token + "=" * (-len(token) % 4)
        packed = base64.b64decode(padded, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise _bad("not a what-if written by this page (not base64url)") from None
    unpacker = zlib.decompressobj(_RAW_DEFLATE)
    try:
        text = unpacker.decompress(packed, MAX_SCENARIO_BYTES + 1)
    except zlib.error:
        raise _bad("not a what-if written by this page (not deflate data)") from None
    if len(text) > MAX_SCENARIO_BYTES or unpacker.unconsumed_tail:
        raise _bad(f"unpacks to more than {MAX_SCENARIO_BYTES // 1024} KiB")
    return scenario_from_bytes(text, LINK_FILE)


def _bad(reason: str) -> AssumptionErrors:
    return AssumptionErrors.one(LINK_FILE, LINK_PARAMETER, reason)


# --- what the matrices have selected -------------------------------------------------------------
# Each selection is one short query parameter, read back only when it names a pattern, a column,
# a count or a risk that exists: a hand-edited link selects nothing rather than something else.
SELECTION_PARAMETERS = ("cell", "grid", "risk", "figure", "riskview")
_SEPARATOR = "~"


def selection_query(selection: dict) -> dict[str, str]:
    """The matrices' selection as query parameters: ``cell`` (pattern~column of the decision
    matrix), ``grid`` (pattern~count of the pattern x count matrix), ``risk`` (pattern~n, the
    pattern's n-th risk), ``figure`` and ``riskview``; a part not selected is left out."""
    query = {}
    for name in ("cell", "grid", "risk"):
        if selection.get(name):
            pattern_id, part = selection[name]
            query[name] = f"{pattern_id}{_SEPARATOR}{part}"
    for name in ("figure", "riskview"):
        if selection.get(name):
            query[name] = str(selection[name])
    return query


def _pair(text: str, pattern_ids, parts, as_int: bool) -> tuple[str, object] | None:
    pattern_id, _, part = text[:200].partition(_SEPARATOR)
    if pattern_id not in pattern_ids:
        return None
    if as_int:
        if not part.isdigit() or int(part) not in parts:
            return None
        return pattern_id, int(part)
    return (pattern_id, part) if part in parts else None


def selection_from_query(query, pattern_ids, columns, counts, risks, figures, views) -> dict:
    """The selection a link's ``query`` (a mapping of strings) carries, each part checked:
    ``columns`` the decision matrix's keys, ``counts`` the service counts a column may have,
    ``risks`` per pattern id the number of its risks, ``figures`` and ``views`` the choices."""
    selection: dict = {}
    if query.get("cell"):
        selection["cell"] = _pair(query["cell"], pattern_ids, columns, False)
    if query.get("grid"):
        selection["grid"] = _pair(query["grid"], pattern_ids, counts, True)
    if query.get("risk"):
        pair = _pair(query["risk"], pattern_ids, range(10_000), True)
        selection["risk"] = pair if pair and pair[1] < risks.get(pair[0], 0) else None
    for name, allowed in (("figure", figures), ("riskview", views)):
        if query.get(name) in allowed:
            selection[name] = query[name]
    return {name: value for name, value in selection.items() if value is not None}
