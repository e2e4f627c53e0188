"""The engine and the simulation (numpy). Importing it keeps freed array memory for reuse
(``accesscost.core.memory``): the simulation's arrays are allocated again and again."""

from accesscost.core import memory as _memory  # noqa: F401  (applied on import)
