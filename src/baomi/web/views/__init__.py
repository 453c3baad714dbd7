"""The web pages, one module per area. Thin: a form, an operation or a query, a template."""
