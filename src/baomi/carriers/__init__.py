"""Classified carriers: documents and (later) their numbered copies and registers."""
