"""The approvals inbox and "my requests"; forms beside it, templates under
``templates/approvals/``."""
