"""``baomi``: Django's management command line with baomi's settings.

Bad input ends with a one-line error and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "baomi"
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"baomi: configuration error: {exc}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback for any input
        if os.environ.get("BAOMI_TRACEBACK"):
            raise
        sys.stderr.write(f"baomi: error: {type(exc).__name__}: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
