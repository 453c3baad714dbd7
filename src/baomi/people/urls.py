"""The pages of the people's security files, included at the site root; the URL names are the
site's."""

from django.urls import path

from baomi.people.web import assessment as assessment_pages
from baomi.people.web import exit as exit_pages
from baomi.people.web import letters as letter_pages
from baomi.people.web import my_file, papers, posts, roster, self_checks, travel, vetting
from baomi.people.web import training as training_pages

urlpatterns = [
    # The monthly self-check from the home page (PPL-SELFCHECK)
    path("self-check/", self_checks.self_check_file, name="self_check_file"),
    # --- posts, vetting, signed papers, clearance history (PPL-VET) ---
    path("classified-posts/", posts.classified_posts, name="classified_posts"),
    path("classified-posts/<id:post_id>/", posts.classified_post, name="classified_post"),
    path(
        "classified-posts/<id:post_id>/deactivate/",
        posts.deactivate_post,
        name="classified_post_deactivate",
    ),
    path("people/<id:person_id>/posts/", posts.appoint, name="person_post_appoint"),
    path("post-holdings/<id:holding_id>/end/", posts.end_holding, name="post_holding_end"),
    path("people/<id:person_id>/vettings/", vetting.record_vetting, name="person_vetting_record"),
    path("people/<id:person_id>/papers/", papers.record_paper, name="person_paper_record"),
    path("signed-papers/<id:paper_id>/scan/", papers.paper_scan, name="signed_paper_scan"),
    # --- training (PPL-TRAINING, TRAIN-RECORD) ---
    path("training/", training_pages.training, name="training"),
    path("training/shortfall/", training_pages.training_shortfall, name="training_shortfall"),
    path(
        "training/template.xlsx",
        training_pages.training_import_template,
        name="training_import_template",
    ),
    path("training/<id:session_id>/", training_pages.training_session, name="training_session"),
    path(
        "training/<id:session_id>/sign-in/",
        training_pages.training_sign_in,
        name="training_sign_in",
    ),
    path(
        "training/<id:session_id>/import/",
        training_pages.training_import,
        name="training_import",
    ),
    path("training/<id:session_id>/quiz/", training_pages.training_quiz, name="training_quiz"),
    path("training/<id:session_id>/rate/", training_pages.training_rate, name="training_rate"),
    path(
        "training/attendances/<id:attendance_id>/correct/",
        training_pages.training_attendance_correct,
        name="training_attendance_correct",
    ),
    path(
        "training/attendances/<id:attendance_id>/remove/",
        training_pages.training_attendance_remove,
        name="training_attendance_remove",
    ),
    # --- travel abroad (PPL-ABROAD) ---
    path("travel/<id:travel_id>/form.pdf", travel.travel_print, name="travel_print"),
    path("travel/", travel.travels, name="travels"),
    path("travel/request/", travel.travel_request, name="travel_request"),
    path("travel/passports/", travel.passports, name="travel_passports"),
    path(
        "travel/passports/<id:passport_id>/return/",
        travel.passport_return,
        name="travel_passport_return",
    ),
    path("travel/<id:travel_id>/", travel.travel, name="travel"),
    path("travel/<id:travel_id>/briefing/", travel.travel_briefing, name="travel_briefing"),
    path("travel/<id:travel_id>/passport/", travel.travel_passport_out, name="travel_passport_out"),
    path("travel/<id:travel_id>/depart/", travel.travel_depart, name="travel_depart"),
    path("travel/<id:travel_id>/return/", travel.travel_return, name="travel_return"),
    path("travel/<id:travel_id>/report/", travel.travel_report, name="travel_report"),
    path("travel/<id:travel_id>/cancel/", travel.travel_cancel, name="travel_cancel"),
    # --- leaving (PPL-EXIT) ---
    path("exit-cases/<id:case_id>/withdraw/", exit_pages.exit_withdraw, name="exit_withdraw"),
    path("people/<id:person_id>/exit/", exit_pages.exit_open, name="exit_open"),
    path("exit-cases/<id:case_id>/", exit_pages.exit_case, name="exit_case"),
    path("exit-cases/<id:case_id>/commitment/", exit_pages.exit_commitment, name="exit_commitment"),
    path("exit-cases/<id:case_id>/complete/", exit_pages.exit_complete, name="exit_complete"),
    path("exit-cases/<id:case_id>/case.pdf", exit_pages.exit_print, name="exit_print"),
    path("cooling-off/", exit_pages.cooling_off_register, name="cooling_off_register"),
    # --- responsibility letters and assessment (RESP-*) ---
    path("letters/", letter_pages.letters, name="letters"),
    path("letters/prepare/", letter_pages.letters_prepare, name="letters_prepare"),
    path("letters/texts/", letter_pages.letter_templates, name="letter_templates"),
    path("letters/<id:letter_id>/", letter_pages.letter, name="letter"),
    path("letters/<id:letter_id>/sign/", letter_pages.letter_sign, name="letter_sign"),
    path("letters/<id:letter_id>/paper/", letter_pages.letter_paper_sign, name="letter_paper_sign"),
    path("letters/<id:letter_id>/letter.pdf", letter_pages.letter_print, name="letter_print"),
    path("assessments/", assessment_pages.assessments, name="assessments"),
    path("assessments/sheet/", assessment_pages.assessment_sheet, name="assessment_sheet"),
    path("merits/", assessment_pages.merits, name="merits"),
    # --- the people list and one's own file ---
    path("security-files/", roster.people_files, name="people_files"),
    path("my-file/", my_file.my_file, name="my_file"),
    path("self-check/checklist/", self_checks.self_check_checklist, name="self_check_checklist"),
]
