"""Organisations, departments, ranks, people, clearances and the security staff."""
