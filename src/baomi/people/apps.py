from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PeopleConfig(AppConfig):
    name = "baomi.people"
    label = "people"
    verbose_name = gettext_lazy("People")

    def ready(self) -> None:
        from baomi.org import leaving
        from baomi.people.deadlines import PROVIDERS
        from baomi.people.operations.cooling_off import start_cooling_off
        from baomi.people.web import panels
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.panels import HOME, PANELS, PERSON, Panel

        # PPL-EXIT: a cleared person who leaves enters the cooling-off period of their class.
        leaving.register(start_cooling_off)
        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # A person's page shows their cooling-off period while it lasts.
        PANELS.register(
            Panel(
                "people.cooling_off",
                "people/panels/cooling_off.html",
                panels.cooling_off,
                place=PERSON,
            ),
            # A cleared person's home page asks for this month's self-check (PPL-SELFCHECK).
            Panel(
                "people.self_check",
                "people/panels/self_check.html",
                panels.self_check,
                place=HOME,
                order=8,
                count=panels.self_check_count,
            ),
        )
