from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class MeetingsConfig(AppConfig):
    name = "baomi.meetings"
    label = "meetings"
    verbose_name = gettext_lazy("Classified meetings")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.meetings.queries import evidence as meeting_evidence
        from baomi.meetings.queries import figures as meeting_figures
        from baomi.meetings.web import subjects as meeting_subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(meeting_figures.PROVIDER)
        SUBJECT_KINDS.register(
            SubjectKind("meetings.meeting", meeting_subjects.meeting),
            SubjectKind("meetings.meetingpaper", meeting_subjects.paper),
        )
        EVIDENCE_PROVIDERS.register(*meeting_evidence.PROVIDERS)
        from baomi.meetings import demo
        from baomi.meetings.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # After the documents (papers are their copies) and the secure areas (the venues).
        DEMO_BUILDERS.register(DemoBuilder("meetings", demo.build, order=55))
        # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
        self._meetings()
        # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
        from baomi.audit.operation import subject_argument
        from baomi.meetings.web import minutes as minutes_pages
        from baomi.seams import approvals as approval_seam

        # MEET-MINUTES: a reading of the minutes is approved by the office director, about
        # the minutes (the subject), for one reader (the params).
        approval_seam.SUBJECT_KINDS.register(
            approval_seam.SubjectKind("meetings.minutes", minutes_pages.subject)
        )
        approval_seam.APPROVAL_OPERATIONS.register(
            approval_seam.ApprovalOperation(
                "meetings.read_minutes",
                gettext_lazy("Read meeting minutes"),
                ("MEET-MINUTES",),
                minutes_pages.sentence,
            )
        )
        subject_argument("paper_id", "meetings.meetingpaper")
        subject_argument("minutes_id", "meetings.minutes")

    def _meetings(self) -> None:
        """The meetings' menu entry (its badge: meetings whose day has come, in session or not
        closed), "my meetings" on the home page, the meetings register (涉密会议登记) in the
        registers index and the refusals' subject."""
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.meetings.web import meetings as meeting_pages
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import HOME, PANELS, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        NAVIGATION.register(
            NavItem(
                "meetings",
                gettext_lazy("Classified meetings"),
                (Permission.MANAGE_MEETINGS,),
                order=84,
                count=meeting_pages.needing_action,
            )
        )
        PANELS.register(
            Panel(
                "meetings.mine",
                "meetings/meetings/panel_mine.html",
                meeting_pages.my_meetings,
                place=HOME,
                order=15,
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="meetings",
                title=gettext_lazy("Classified meetings register"),
                url=meeting_pages.register_url,
                rules=("MEET-ATTEND", "MEET-PHONES", "MEET-SWEEP"),
                shown=meeting_pages.register_shown,
                kind="ledger",
                exports=meeting_pages.register_exports,
                order=880,
            )
        )
        subject_argument("meeting_id", "meetings.meeting")
