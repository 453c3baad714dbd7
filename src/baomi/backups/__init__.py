"""Backups of the installation and their restore (issue 18; DEV-BACKUP for baomi's own
registers): ``baomi backup``, ``baomi restore``, the scheduled backups of ``baomi serve``."""
