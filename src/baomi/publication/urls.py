"""The pages of the publication review, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.publication.web import foreign, review

urlpatterns: list = [
    # --- publication review (PUB-REVIEW) ---
    path("publication/", review.submissions, name="publication"),
    path("publication/submit/", review.submit, name="publication_submit"),
    path("publication/verify/", review.verify, name="publication_verify"),
    path("publication/<id:submission_id>/", review.submission, name="submission"),
    path(
        "publication/<id:submission_id>/version/",
        review.submission_version,
        name="submission_version",
    ),
    path(
        "publication/<id:submission_id>/review/", review.submission_review, name="submission_review"
    ),
    path(
        "publication/<id:submission_id>/release/",
        review.submission_release,
        name="submission_release",
    ),
    path(
        "publication/<id:submission_id>/withdraw/",
        review.submission_withdraw,
        name="submission_withdraw",
    ),
    path(
        "publication/<id:submission_id>/form.pdf", review.submission_print, name="submission_print"
    ),
    path(
        "publication/versions/<id:version_id>/file/",
        review.version_file,
        name="publication_version_file",
    ),
    # --- foreign press and visits (PRESS-FOREIGN) ---
    path("publication/foreign/", foreign.foreign_requests, name="foreign_requests"),
    path("publication/foreign/record/", foreign.foreign_record, name="foreign_record"),
    path("publication/foreign/<id:foreign_id>/", foreign.foreign_request, name="foreign_request"),
    path("publication/foreign/<id:foreign_id>/held/", foreign.foreign_hold, name="foreign_hold"),
    path(
        "publication/foreign/<id:foreign_id>/cancel/", foreign.foreign_cancel, name="foreign_cancel"
    ),
]
