"""The forms of the equipment's pages, one module per page module (``ledger``, ``media``,
``checks``, ``care``), and what they share (``common``). They only shape input; every rule is
checked by the operation they feed."""
