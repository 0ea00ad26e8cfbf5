"""Similar cases (似た事例) as a read model: each published case's most distinctive n-grams
as postings, and its nearest published cases kept by the projection, so that
`similarCases` is one indexed read."""
