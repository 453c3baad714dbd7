"""baomi (保密): the executable form of an organisation's confidentiality management rules."""

__version__ = "0.1.0"
