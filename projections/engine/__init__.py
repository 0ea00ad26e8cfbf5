"""The projection engine: the read-model contract, the store, the runner and the service
that keep read models up to date, and what queries share (cursors, keyset listing). It knows
no read model by name."""
