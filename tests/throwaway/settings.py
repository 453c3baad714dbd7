"""baomi's settings with the throwaway domain installed among the domain apps — the only
central change a new domain needs (besides permissions of its own in the matrix)."""

from baomi.settings import *  # noqa: F403
from baomi.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS[:-2], "tests.throwaway", *INSTALLED_APPS[-2:]]
