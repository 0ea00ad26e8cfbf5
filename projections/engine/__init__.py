"""The projection engine: the read-model contract, the store, the runner and the service
that keep read models up to date, and what queries share (cursors, keyset listing). It knows
no read model by name.

The contract a read model builds against (`base.py`) can be imported from here.
"""

from projections.engine.base import *  # noqa: F403  (the contract, as base.py lists it)
from projections.engine.base import __all__ as __all__
