"""A throwaway domain: one folder that plugs into every seam, installed only by
``tests/test_new_domain.py`` (through its own settings module) to prove that a new domain
touches no central file beyond INSTALLED_APPS."""
