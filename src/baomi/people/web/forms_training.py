"""The forms of the training pages (PPL-TRAINING, TRAIN-RECORD): recording a session with its
quiz typed as text, signing attendees in, the attendance sheet, correcting an attendance, the
year filter, answering the quiz and rating a session. They only shape input; every rule is
checked by the operation they feed.

The quiz is typed one question a block, blocks apart by an empty line: the question's text on
its first line, then one choice a line, the right one marked ``*`` and the others ``-``::

    涉密文件能否带回家？
    * 不能
    - 能
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.kit.forms import Candidate, Form, IdsField, date_input, offer
from baomi.org import queries as org
from baomi.org.models import Employment
from baomi.people.operations.training import MAX_QUESTIONS

QUIZ_HELP = gettext_lazy(
    "Optional. One question a block, blocks apart by an empty line: the question on its first "
    "line, then one choice a line, the right one starting with * and the others with -."
)


def parse_quiz(text: str) -> list[dict[str, Any]]:
    """The quiz typed as text (see the module) as the operation takes it; a block without a
    question, choices or exactly one right choice is a ValidationError naming it."""
    questions = []
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    for number, block in enumerate(blocks, start=1):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        question, choices, right = lines[0], [], []
        for line in lines[1:]:
            mark, choice = line[:1], line[1:].strip()
            if mark not in "*-＊" or not choice:
                raise ValidationError(
                    _("Question %(n)d: start each choice with * (right) or - (wrong).")
                    % {"n": number}
                )
            choices.append(choice)
            if mark in "*＊":
                right.append(choice)
        if len(right) != 1:
            raise ValidationError(
                _("Question %(n)d: mark exactly one choice as right with *.") % {"n": number}
            )
        questions.append({"text": question, "choices": choices, "answer": right[0]})
    return questions


class SessionForm(Form):
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=date_input())
    hours = forms.DecimalField(
        label=gettext_lazy("Class hours"),
        min_value=0.1,
        max_value=40,
        max_digits=3,
        decimal_places=1,
    )
    trainer = forms.CharField(label=gettext_lazy("Trainer"), max_length=100)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    quiz = forms.CharField(
        label=gettext_lazy("Quiz (the effect check)"),
        required=False,
        max_length=20000,
        help_text=QUIZ_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_quiz(self) -> list[dict[str, Any]]:
        questions = parse_quiz(self.cleaned_data["quiz"])
        if len(questions) > MAX_QUESTIONS:
            raise ValidationError(_("At most %(n)d questions.") % {"n": MAX_QUESTIONS})
        return questions


class SignInForm(Form):
    person_ids = IdsField(label=gettext_lazy("Attendees"))

    def __init__(self, *args: Any, actor: Any, signed: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = getattr(actor, "person_id", None)

        def reason(person: Any) -> Any:
            if person.pk in signed:
                return _("signed in already")
            if person.pk == own:
                return _("yourself: another officer signs you in")
            return ""

        people = org.people(actor).filter(employment=Employment.ACTIVE)
        offer(self, "person_ids", [Candidate(p, reason(p)) for p in people])


class AttendanceSheetForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Attendance sheet (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns 姓名 and/or 工号; optionally 签到 (empty or 否: absent), 成绩 (0–100), "
            "评分 (1–5)."
        ),
    )


class CorrectForm(Form):
    hours = forms.DecimalField(
        label=gettext_lazy("Class hours"),
        required=False,
        min_value=0.1,
        max_value=40,
        max_digits=3,
        decimal_places=1,
    )
    score = forms.IntegerField(
        label=gettext_lazy("Quiz score"), required=False, min_value=0, max_value=100
    )


class YearForm(Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=9998
    )


RATINGS = [(str(n), str(n)) for n in range(5, 0, -1)]


class RatingForm(Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating (1 to 5)"), choices=RATINGS, coerce=int
    )


def quiz_answers(data: Any, questions: list[dict[str, Any]]) -> dict[str, str]:
    """The answers posted for a quiz (``answer-<key>``), bounded to its questions; the
    operation checks each is one of its choices."""
    return {
        q["key"]: str(data.get(f"answer-{q['key']}", ""))[:200]
        for q in questions
        if f"answer-{q['key']}" in data
    }
