"""The application layer: the Ledger service (one `handle(context, command)` entry), command
handling with retries, who may do what (one table), and the stored form of values."""
