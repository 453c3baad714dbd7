"""The organisation's pages: the chart, people and clearances, security staff, the calendar."""
