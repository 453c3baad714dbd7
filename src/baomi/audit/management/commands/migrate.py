"""``baomi migrate``: Django's migrate; with ``BAOMI_MIGRATION_DATABASE_URL`` (PostgreSQL) it
migrates as that owner role, then grants the role of ``BAOMI_DATABASE_URL`` only what the
application needs (``baomi.audit.roles``), so that the running application cannot alter, drop
or disable the triggers of the audit tables."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from baomi.audit import roles


class Command(migrate.Command):
    help = (
        "Create or upgrade the database. With BAOMI_MIGRATION_DATABASE_URL, as that owner role, "
        "then grant the role of BAOMI_DATABASE_URL only what the application needs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = settings.DATABASE_OWNER
        if owner is None or options["database"] != DEFAULT_DB_ALIAS:
            super().handle(*args, **options)
            return
        connection = connections[DEFAULT_DB_ALIAS]
        runtime = {name: connection.settings_dict[name] for name in owner}
        # The whole migration, data migrations and post-migrate handlers included, runs on the
        # owner's login; the application's is given back afterwards.
        connection.close()
        connection.settings_dict.update(owner)
        try:
            super().handle(*args, **options)
            roles.grant_runtime(connection, runtime["USER"])
        except roles.RoleError as exc:
            raise CommandError(str(exc)) from None
        finally:
            connection.close()
            connection.settings_dict.update(runtime)
        if options["verbosity"]:
            self.stdout.write(
                _("The role %(role)s may now use the database, and only append to the audit trail.")
                % {"role": runtime["USER"]}
            )
