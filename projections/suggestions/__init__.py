"""Partner suggestions (協働ファシリテーターの提案) as a read model: per-party facts (fields,
municipality, skills, where a worker serves, the cases they took part in and how those
ended) and per-case facts, so that a case's suggestions are a few indexed queries."""
