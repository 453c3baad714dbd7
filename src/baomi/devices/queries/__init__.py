"""Reads of the equipment ledger: ``ledger`` (assets, history, totals, alerts) and ``checks``
(physical checks and their reconciliation)."""
