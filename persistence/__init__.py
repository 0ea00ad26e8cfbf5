"""Adapters between the Ledger and its stores: settings, recorders, derived records."""
