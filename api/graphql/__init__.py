"""The GraphQL API in Python (strawberry). The contract it prints lives in the top-level
`graphql/` folder, which holds no Python (it would shadow graphql-core)."""
