"""The plan indicators read model: each plan's indicators (評価指標) with baseline, target,
reported actuals and commentary, as they stand now or stood at any position."""
