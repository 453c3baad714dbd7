from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MeetingsConfig(AppConfig):
    name = "baomi.meetings"
    label = "meetings"
    verbose_name = gettext_lazy("Classified meetings")

    def ready(self) -> None:
        from baomi.meetings import demo
        from baomi.meetings.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # After the documents (papers are their copies) and the secure areas (the venues).
        DEMO_BUILDERS.register(DemoBuilder("meetings", demo.build, order=55))
        # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
        # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
