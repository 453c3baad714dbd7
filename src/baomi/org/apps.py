from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "baomi.org"
    label = "org"

    def ready(self) -> None:
        from baomi.audit.operation import subject_argument

        # A refusal about a person is listed in the person's history.
        subject_argument("person_id", "org.person", person=True)
