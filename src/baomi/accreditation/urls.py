"""The pages of the accreditation self-score, included at the site root."""

from django.urls import path

from baomi.accreditation.web import score as score_pages

urlpatterns: list = [
    # --- the self-score ---
    path("accreditation/", score_pages.accreditation, name="accreditation"),
    path(
        "accreditation/items/<id:item_id>/assess/",
        score_pages.accreditation_assess,
        name="accreditation_assess",
    ),
    path("accreditation/pack/", score_pages.accreditation_pack, name="accreditation_pack"),
    path("accreditation/import/", score_pages.accreditation_import, name="accreditation_import"),
    path(
        "accreditation/import/template/",
        score_pages.accreditation_template,
        name="accreditation_template",
    ),
]
