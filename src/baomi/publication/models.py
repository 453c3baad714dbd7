"""Secrecy review before anything goes out (对外提供、宣传报道审查, PUB-REVIEW) and the requests
of foreign media and visitors (PRESS-FOREIGN)."""

from __future__ import annotations
