"""The JSON routes of the secure areas, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

from baomi.areas.api import access as access_api
from baomi.areas.api import areas as areas_api
from baomi.areas.api import visitors as visitors_api

ROUTERS: list = [
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    ("", areas_api.router),
    # --- visitors and the access log (AREA-ACCESS) ---
    ("", visitors_api.router),
    ("", access_api.router),
]
