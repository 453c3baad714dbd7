"""Scan records: the reports of ``baomi scan`` filed into baomi (who scanned which computer,
when, with which keyword list, and what was found). Visible to the security office only: the
masked findings are themselves sensitive. Inspections attach them later."""
