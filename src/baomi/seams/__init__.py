"""The seams: registries through which every domain plugs into what spans domains.

A domain app registers its parts in ``AppConfig.ready`` — navigation entries (``navigation``),
approval operations and the describers of their subjects (``approvals``), home panels
(``panels``), deadline providers (``deadlines``), registers (``registers``), global-search
providers (``search``) and demo builders (``demo``); its pages (``<app>.urls``) and JSON routes
(``<app>.api.ROUTERS``) are found by ``discovery``. The shell (``baomi.web``, ``baomi.api``,
``baomi demo``) loops over the registries and imports no domain.

This package imports only ``baomi.core`` and ``baomi.access`` (import-linter holds it there).
"""
