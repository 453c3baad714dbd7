"""What makes two receipts the same document (IN-NUMBER): its document number (文号) and its
issuer, compared the way people write them — without spaces, case or the difference between
full-width and half-width characters, and with every kind of bracket alike (〔2026〕, [2026],
（2026） and 【2026】 are one year mark: ``core.matching.compact``). Pure: migrations use
it too."""

from __future__ import annotations

from baomi.core.matching import compact

# Document.number (100) + the separator + Document.issuer (200).
MAX_LENGTH = 301


def receipt_key(number: str, issuer: str) -> str:
    """The key under which a document number from an issuer is registered once a year."""
    return f"{compact(number)}|{compact(issuer)}"[:MAX_LENGTH]
