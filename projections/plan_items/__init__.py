"""The plan items read model: status lists per fiscal year and each item's history."""
