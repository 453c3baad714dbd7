"""The WSGI application, as ``baomi serve``'s gunicorn workers (or any WSGI server) load it,
settled before its first request (``web.worker.settle``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
application = get_wsgi_application()

from baomi.web.worker import settle  # noqa: E402 (Django is set up by the line above)

settle()
