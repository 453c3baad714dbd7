"""The JSON routes of the people's security files, mounted at the root of /api/v1, one module
per part: the cooling-off periods (``cooling_off``, PPL-EXIT), the monthly self-checks
(``self_checks``, PPL-SELFCHECK) and the rest below."""

from __future__ import annotations

from baomi.people.api import assessment as assessment_api
from baomi.people.api import cooling_off, posts, self_checks, travel
from baomi.people.api import exit as exit_cases
from baomi.people.api import letters as letters_api
from baomi.people.api import roster as people_files
from baomi.people.api import training as training_api

ROUTERS = [
    ("", cooling_off.router),
    ("", self_checks.router),
    # --- posts, vetting, signed papers, clearance history (PPL-VET) ---
    ("", posts.router),
    # --- training (PPL-TRAINING, TRAIN-RECORD) ---
    ("", training_api.router),
    # --- travel abroad (PPL-ABROAD) ---
    ("", travel.router),
    # --- leaving (PPL-EXIT) ---
    ("", exit_cases.router),
    # --- responsibility letters and assessment (RESP-*) ---
    ("", letters_api.router),
    ("", assessment_api.router),
    # --- the people list and one's own file ---
    ("", people_files.router),
]
