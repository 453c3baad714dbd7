"""Computers, removable media and office equipment: the ledger of RULES.md §7."""
