from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BackupsConfig(AppConfig):
    name = "baomi.backups"
    label = "backups"
    verbose_name = gettext_lazy("Backups")

    def ready(self) -> None:
        from baomi.backups import deadlines
        from baomi.backups.web import home
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.panels import PANELS, Panel

        # The system administrator's home page: the last backup and the last failure.
        PANELS.register(Panel("backups", "backups/panels/backups.html", home.backups, order=78))
        # DEV-BACKUP: the installation's backups late, beside the computers' (devices).
        deadlines.register()
        SUBJECT_KINDS.register(SubjectKind(deadlines.SUBJECT, deadlines.describe))
