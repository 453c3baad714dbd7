"""Every change to the equipment ledger, one module per part of RULES.md §7:

- ``ledger``: register, assign a custodian, hand over, change network or level (DEV-LEDGER,
  DEV-AIRGAP)
- ``media``: uses of media on computers, taint and sanitising (MEDIA-*)
- ``checks``: physical checks and what was found (DEV-LEDGER)
"""
