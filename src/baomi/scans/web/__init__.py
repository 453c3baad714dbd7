"""The scan reports' pages; forms beside them, templates under ``templates/scans/``."""
