"""The auditor's pages: the audit log and the state of the chain; forms beside them,
templates under ``templates/audit/``."""
