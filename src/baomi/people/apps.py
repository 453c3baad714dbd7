from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PeopleConfig(AppConfig):
    name = "baomi.people"
    label = "people"
    verbose_name = gettext_lazy("Security files")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.people.queries.figures import PROVIDERS as FIGURES
        from baomi.people.web import subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.figures import FIGURE_PROVIDERS

        # The dashboard's and the annual report's sections: people, training, self-checks,
        # responsibility (the evidence providers are registered with the people list below).
        FIGURE_PROVIDERS.register(*FIGURES)
        # The subjects the deadlines name, told only to those who may know them.
        SUBJECT_KINDS.register(
            SubjectKind("org.organisation", subjects.organisation),
            SubjectKind("org.department", subjects.department),
            SubjectKind("people.coolingoff", subjects.cooling_off),
            SubjectKind("people.exitcase", subjects.exit_case),
            SubjectKind("people.passport", subjects.passport),
        )
        from baomi.org import leaving
        from baomi.people import demo
        from baomi.people.deadlines import PROVIDERS
        from baomi.people.operations.cooling_off import start_cooling_off
        from baomi.people.web import panels
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder
        from baomi.seams.panels import HOME, PANELS, PERSON, Panel

        # PPL-EXIT: a cleared person who leaves enters the cooling-off period of their class.
        leaving.register(start_cooling_off)
        # One provider per DEADLINE rule the files time (baomi.people.deadlines).
        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # The demo's security files, after the organisation and its accounts (before the
        # documents, so that clearances are vetted when they are used).
        DEMO_BUILDERS.register(DemoBuilder("people", demo.build, order=22))
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
        # --- posts, vetting, signed papers, clearance history (PPL-VET) ---
        from baomi.org import granting
        from baomi.people.operations.vetting import grant_step

        # PPL-VET: no clearance without a passed vetting and a signed agreement; the history.
        granting.register(grant_step)
        from baomi.audit.operation import subject_argument
        from baomi.people.web import vetting as vetting_pages
        from baomi.seams.panels import MY_FILE

        # The classified posts page is a tab of the security files' entry (people_files).
        PANELS.register(
            # A person's security file on their page in the organisation (the office's).
            Panel(
                "people.security_file",
                "people/vetting/person_file.html",
                vetting_pages.person_file,
                place=PERSON,
                order=1,
            ),
            # One's own posts and signed papers, read only.
            Panel(
                "people.my_posts_papers",
                "people/papers/my_file.html",
                vetting_pages.my_file,
                place=MY_FILE,
                order=1,
            ),
        )
        subject_argument("post_id", "people.classifiedpost")
        subject_argument("holding_id", "people.postholding")
        # --- training (PPL-TRAINING, TRAIN-RECORD) ---
        self._training()
        # --- travel abroad (PPL-ABROAD) ---
        from baomi.audit.operation import subject_argument
        from baomi.people.web import travel as travel_web
        from baomi.seams import approvals as approval_seam
        from baomi.seams import registers as register_seam
        from baomi.seams.panels import MY_FILE

        # The office's trips and the passports it keeps are a tab of the security files' entry
        # (people_files), whose badge counts the return reports overdue.
        # A trip is the subject of its approval request, which pins who, where and when.
        approval_seam.SUBJECT_KINDS.register(
            approval_seam.SubjectKind("people.travel", travel_web.subject)
        )
        approval_seam.APPROVAL_OPERATIONS.register(
            approval_seam.ApprovalOperation(
                "travel_abroad",
                gettext_lazy("Travel abroad"),
                ("PPL-ABROAD",),
                travel_web.sentence,
            )
        )
        subject_argument("travel_id", "people.travel")
        subject_argument("passport_id", "people.passport")
        PANELS.register(
            Panel(
                "people.my_travel",
                "people/travel/panel_mine.html",
                travel_web.my_travel,
                place=MY_FILE,
                order=40,
            ),
            Panel(
                "people.person_travel",
                "people/travel/panel_person.html",
                travel_web.person_travel,
                place=PERSON,
                order=40,
            ),
        )
        # 出国（境）审批登记 in the registers index, exported from the travel page.
        register_seam.REGISTER_ENTRIES.register(
            register_seam.RegisterEntry(
                key="travels",
                title=gettext_lazy("Travel abroad register"),
                url=travel_web.register_url,
                rules=("PPL-ABROAD",),
                shown=travel_web.register_shown,
                kind="ledger",
                exports=travel_web.register_exports,
                order=810,
            )
        )
        # --- leaving (PPL-EXIT) ---
        self._leaving()
        # --- responsibility letters and assessment (RESP-*) ---
        from baomi.people.web import letters as letter_pages

        letter_pages.register_seams()
        # --- the people list and one's own file ---
        self._people_files()

    def _leaving(self) -> None:
        """PPL-EXIT: the exit case on a person's page and its hand-over page; the register of
        the people in their cooling-off period (脱密期人员名册) in the registers index."""
        from django.urls import reverse
        from django.utils.translation import gettext_lazy

        from baomi.access.roles import Permission, has_permission
        from baomi.audit.operation import subject_argument
        from baomi.core.exports import EXPORTERS
        from baomi.people.web import panels
        from baomi.seams.panels import HANDOVER, PANELS, PERSON, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        subject_argument("case_id", "people.exitcase")
        PANELS.register(
            Panel(
                "people.exit_case",
                "people/panels/exit_case.html",
                panels.exit_case,
                place=PERSON,
                order=5,
            ),
            Panel(
                "people.exit_case_handover",
                "people/panels/exit_case.html",
                panels.exit_case,
                place=HANDOVER,
                order=5,
            ),
            # After marking as left from the hand-over page, the period that started.
            Panel(
                "people.cooling_off_handover",
                "people/panels/cooling_off.html",
                panels.cooling_off,
                place=HANDOVER,
                order=6,
            ),
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="cooling_off",
                title=gettext_lazy("Register of people in their cooling-off period"),
                url=lambda: reverse("cooling_off_register"),
                rules=("PPL-EXIT",),
                shown=lambda actor: has_permission(actor, Permission.SET_CLEARANCE),
                kind="ledger",
                exports=lambda: [
                    (f, f"{reverse('cooling_off_register')}?format={f}") for f in EXPORTERS
                ],
                order=830,
            )
        )

    def _training(self) -> None:
        """Training (PPL-TRAINING, TRAIN-RECORD): the office's sessions page (a tab of the
        security files' entry), my hours on my file, a person's hours on their page, the
        培训记录 in the registers index, and the refusals' subjects."""
        from django.urls import reverse
        from django.utils.http import urlencode

        from baomi.access.roles import Permission, has_permission
        from baomi.audit.operation import subject_argument
        from baomi.core.exports import EXPORTERS
        from baomi.people.web import training
        from baomi.seams.panels import MY_FILE, PANELS, PERSON, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        PANELS.register(
            Panel(
                "people.my_training",
                "people/training/panel_mine.html",
                training.my_training,
                place=MY_FILE,
                order=20,
            ),
            Panel(
                "people.person_training",
                "people/training/panel_person.html",
                training.person_training,
                place=PERSON,
                order=20,
            ),
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="training",
                title=gettext_lazy("Training record"),
                url=lambda: reverse("training"),
                rules=("TRAIN-RECORD", "PPL-TRAINING"),
                shown=lambda actor: has_permission(actor, Permission.SET_CLEARANCE),
                kind="ledger",
                exports=lambda: [
                    (f, f"{reverse('training')}?{urlencode({'format': f})}") for f in EXPORTERS
                ],
                order=805,
            )
        )
        subject_argument("session_id", "people.trainingsession")
        subject_argument("attendance_id", "people.attendance")

    def _people_files(self) -> None:
        """The people list and one's own file: the office's list (涉密人员, with the tabs of the
        other office pages) and everyone's "My file" in the menu, the missing self-checks on
        the home pages of a department's security officer and of the office (PPL-SELFCHECK),
        the register of cleared people (涉密人员名册) in the registers index."""
        from django.urls import reverse
        from django.utils.http import urlencode
        from django.utils.translation import gettext_lazy

        from baomi.access.roles import Permission, has_permission
        from baomi.core.exports import EXPORTERS
        from baomi.people.web import panels
        from baomi.people.web import travel as travel_web
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import HOME, PANELS, PERSON, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        NAVIGATION.register(
            # The security office's one entry for the people's files: the list (涉密人员) and,
            # as tabs (people/_tabs.html) guarded by this entry, the classified posts, training,
            # travel abroad and responsibility letters; its badge: travel reports overdue.
            NavItem(
                "people_files",
                gettext_lazy("Security files"),
                (Permission.SET_CLEARANCE,),
                order=82,
                count=travel_web.overdue_count,
            ),
            # Everyone's own file.
            NavItem("my_file", gettext_lazy("My file"), (), order=5),
        )
        PANELS.register(
            # PPL-SELFCHECK: a department's missing self-checks reach its security officer,
            # their number the security office.
            Panel(
                "people.department_self_checks",
                "people/panels/department_self_checks.html",
                panels.department_self_checks,
                place=HOME,
                order=9,
            ),
            Panel(
                "people.office_self_checks",
                "people/panels/office_self_checks.html",
                panels.office_self_checks,
                place=HOME,
                order=9,
            ),
            # A person's page: their self-checks, to the office.
            Panel(
                "people.person_self_checks",
                "people/panels/person_self_checks.html",
                panels.person_self_checks,
                place=PERSON,
                order=60,
            ),
        )
        # The register of cleared people (涉密人员名册) in the registers index, with its exports.
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="people_files",
                title=gettext_lazy("Register of cleared people"),
                url=lambda: reverse("people_files"),
                rules=("PPL-CLASS", "PPL-VET"),
                shown=lambda actor: has_permission(actor, Permission.SET_CLEARANCE),
                kind="ledger",
                exports=lambda: [
                    (f, f"{reverse('people_files')}?{urlencode({'format': f})}") for f in EXPORTERS
                ],
                order=1100,
            )
        )

        # The people's files' answer to the self-inspection checklist (INSP-CHECKLIST).
        from baomi.people.queries.evidence import PROVIDERS as EVIDENCE
        from baomi.seams.evidence import EVIDENCE_PROVIDERS

        EVIDENCE_PROVIDERS.register(*EVIDENCE)
