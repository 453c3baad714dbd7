"""Incidents (失密、泄密、遗失、违规, INC-RECORD): what, when, who, the carriers and people
involved, remedies, the report upward and the investigation; a loss report (LOSS-REPORT)
opens one."""

from __future__ import annotations
