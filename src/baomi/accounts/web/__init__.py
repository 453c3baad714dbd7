"""The accounts page (三员分立): accounts, roles, one-time passwords and the changes of
administrators; forms beside it, templates under ``templates/accounts/``."""
