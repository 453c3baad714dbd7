"""The pages of the equipment ledger and the equipment's care (RULES.md §7)."""
