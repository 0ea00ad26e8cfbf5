"""kyodo's domain: aggregates, events, rules, vocabularies and the Ledger. No I/O here."""
