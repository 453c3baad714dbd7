"""The forms of the carriers' pages, one module per sub-domain as the pages (``documents``,
``desk``, ``incoming``, ``outgoing``, …); ``common`` holds what several share. They only shape
input; every rule is checked by the operation they feed."""
