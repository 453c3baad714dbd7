"""The rulebook as a readable 制度 and the security officer's edits; forms beside it,
templates under ``templates/rulebook/``."""
