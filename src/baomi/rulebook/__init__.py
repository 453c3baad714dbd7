"""An organisation's rulebook: the registry's defaults plus its audited overrides."""
