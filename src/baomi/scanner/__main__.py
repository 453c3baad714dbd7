"""``python -m baomi.scanner``: the scanner alone, without Django (see ``cli``)."""

from baomi.scanner.cli import main

if __name__ == "__main__":
    main()
