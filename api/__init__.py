"""The outer layer: composition root, FastAPI app, GraphQL schema, auth and the CLI."""
