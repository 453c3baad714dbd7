from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CarriersConfig(AppConfig):
    name = "baomi.carriers"
    label = "carriers"
    verbose_name = gettext_lazy("Documents and copies")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.carriers.queries.figures import PROVIDER as CARRIER_FIGURES
        from baomi.carriers.web.subjects import loss_report
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.figures import FIGURE_PROVIDERS

        # The dashboard's and the annual report's figures of the paper trail; LOSS-REPORT's
        # deadlines name their loss report (the evidence is registered with the others below).
        FIGURE_PROVIDERS.register(CARRIER_FIGURES)
        SUBJECT_KINDS.register(SubjectKind("carriers.lossreport", loss_report))

        from functools import partial

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.access.roles import has_permission
        from baomi.audit.operation import subject_argument
        from baomi.carriers.queries.lifecycle import held_items
        from baomi.carriers.registers import REGISTERS
        from baomi.carriers.web import panels, sentences, subjects
        from baomi.org import holdings
        from baomi.org import queries as org_queries
        from baomi.rulebook import ranks
        from baomi.seams.approvals import (
            APPROVAL_OPERATIONS,
            SUBJECT_KINDS,
            ApprovalOperation,
            SubjectKind,
        )
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, PERSON, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        # HANDOVER: a person who still holds or keeps a copy cannot be marked as left.
        holdings.register(held_items)
        # A refusal about a copy or a document is listed in its history.
        subject_argument("copy_id", "carriers.copy")
        subject_argument("document_id", "carriers.document")
        # CLS-SCOPE-RANK: the rank floors of the rulebook name the organisation's ranks.
        ranks.register(
            lambda actor: dict(org_queries.ranks(actor).values_list("key", "seniority")),
            lambda actor: dict(org_queries.ranks(actor).values_list("key", "name")),
        )

        NAVIGATION.register(
            NavItem("documents", _("Documents"), (P.KNOW_ITEMS,), order=10),
            NavItem("outgoing", _("Outgoing"), (P.KNOW_ITEMS,), order=20),
            NavItem(
                "desk",
                _("Clerk's desk"),
                (P.REGISTER_ITEMS,),
                order=40,
                count=panels.kept_overdue_count,
            ),
            NavItem("lifecycle", _("Safekeeping"), (P.REGISTER_ITEMS,), order=50),
            NavItem("classification", _("Classification"), (P.CLASSIFY,), order=60),
        )
        # What the carriers' approval requests are about, and the operations they approve.
        SUBJECT_KINDS.register(
            SubjectKind("carriers.document", subjects.document, subjects.documents),
            SubjectKind("carriers.copy", subjects.copy, subjects.copies),
            SubjectKind("org.person", subjects.person),
            SubjectKind("carriers.archiveaccess", subjects.archive_access),
        )
        APPROVAL_OPERATIONS.register(
            ApprovalOperation(
                "widen_scope",
                _("Widen the knowledge scope"),
                ("CLS-NO-WIDEN",),
                sentences.widen_scope,
            ),
            ApprovalOperation(
                "sign_off", _("Review and sign off a draft"), ("DRAFT-CHAIN",), sentences.sign_off
            ),
            ApprovalOperation(
                "print_run", _("Print a document"), ("PRINT-APPROVE",), sentences.print_run
            ),
            ApprovalOperation(
                "print_outside",
                _("Print outside the general office"),
                ("PRINT-PLACE",),
                sentences.print_outside,
            ),
            ApprovalOperation(
                "reproduce", _("Reproduce a copy"), ("COPY-APPROVE", "COPY-TS"), sentences.reproduce
            ),
            ApprovalOperation("lend", _("Lend a copy"), ("LOAN-APPROVE",), sentences.lend),
            ApprovalOperation(
                "take_out",
                _("Take a copy out of the office"),
                ("CARRY-APPROVE", "CARRY-ABROAD"),
                sentences.take_out,
            ),
            ApprovalOperation(
                "read_archives", _("Consult archives"), ("ARCH-ACCESS",), sentences.read_archives
            ),
            ApprovalOperation(
                "destroy", _("Destroy copies"), ("DESTROY-APPROVE",), sentences.destroy
            ),
            ApprovalOperation(
                "hand_over", _("Hand over what a person holds"), ("HANDOVER",), sentences.hand_over
            ),
            ApprovalOperation(
                "reclassify", _("Change a classification"), ("CLS-TERM",), sentences.reclassify
            ),
        )
        # The registers of the paper trail, in its order, for the registers index.
        REGISTER_ENTRIES.register(
            *(
                RegisterEntry(
                    key=reg.key,
                    title=reg.title,
                    url=partial(reverse, "register", args=[reg.key]),
                    rules=reg.rules,
                    shown=partial(has_permission, permission=P.REGISTER_ITEMS),
                    order=order,
                )
                for order, reg in enumerate(REGISTERS.values())
            )
        )
        # The home page: what waits for my signature, what I hold, what is overdue, the
        # security office's watch, notices, routing slips.
        PANELS.register(
            Panel(
                "to_sign",
                "carriers/panels/to_sign.html",
                panels.to_sign,
                order=5,
                count=panels.to_sign_count,
            ),
            Panel("held", "carriers/panels/held.html", panels.held, order=10),
            Panel(
                "overdue",
                "carriers/panels/overdue.html",
                panels.overdue,
                order=30,
                count=panels.overdue_count,
            ),
            Panel("office", "carriers/panels/office.html", panels.office, order=35),
            Panel("notices", "carriers/panels/notices.html", panels.notices, order=50),
            Panel(
                "slips",
                "carriers/panels/slips.html",
                panels.slips,
                order=60,
                count=panels.slips_count,
            ),
            Panel(
                "person_handover",
                "carriers/lifecycle/person_handover.html",
                panels.person_handover,
                place=PERSON,
            ),
        )

        # The demo's paper trail, once its logins exist.
        from baomi.carriers import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("carriers", demo.build, order=30))

        # The deadlines of the paper trail, one provider per DEADLINE rule.
        from baomi.carriers.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS

        DEADLINE_PROVIDERS.register(*PROVIDERS)

        # Documents, copies and incoming register lines in the global search (by 文号, title,
        # 份号 and 收文编号, CLS-MAC).
        from baomi.carriers import search
        from baomi.seams.search import SEARCH_PROVIDERS, SearchProvider

        SEARCH_PROVIDERS.register(
            SearchProvider("documents", _("Documents"), search.documents, order=10),
            SearchProvider("copies", _("Copy"), search.copies_of_documents, order=11),
            SearchProvider("incoming", _("Incoming register"), search.incoming, order=12),
        )

        # The carriers' answer to the self-inspection checklist (INSP-CHECKLIST).
        from baomi.carriers.queries.evidence import PROVIDERS as EVIDENCE
        from baomi.seams.evidence import EVIDENCE_PROVIDERS

        EVIDENCE_PROVIDERS.register(*EVIDENCE)
