"""baomi's settings with bench/bench_urls.py as the URL configuration: what
bench/http_copies.py serves (``DJANGO_SETTINGS_MODULE=bench_settings``, bench/ on the path)."""

from baomi.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
