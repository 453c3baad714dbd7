"""A serving process is settled before its first request (``baomi.wsgi``, ``web.worker``)."""

import os
import subprocess
import sys

PROBE = """
import gc, sys
import baomi.wsgi
print(gc.get_freeze_count(), "baomi.api.api" in sys.modules, "baomi.carriers.urls" in sys.modules)
"""


def test_the_wsgi_application_loads_every_url_and_freezes_what_is_alive():
    # Its own process: freezing this test process's objects would outlive the test.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baomi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, api, pages = result.stdout.split()
    # The objects of a loaded baomi are out of the full collections (over 100,000 of them)…
    assert int(frozen) > 100_000
    # …including the API and every app's pages, loaded before any request.
    assert (api, pages) == ("True", "True")
