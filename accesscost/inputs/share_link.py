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
