"""The content scanner behind ``baomi scan``: finds classification markings and keywords in
files of every format an office produces. Pure Python plus a matching engine: imports no Django,
so it runs on any workstation without a database (DESIGN.md layout)."""
