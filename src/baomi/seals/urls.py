"""The pages of the seals, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.seals.web import seals

urlpatterns: list = [
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
    path("seals/", seals.seals, name="seals"),
    path("seals/register/", seals.seal_use_register, name="seal_use_register"),
    path("seals/new/", seals.seal_register, name="seal_register"),
    path("seals/<id:seal_id>/", seals.seal, name="seal"),
    path("seals/<id:seal_id>/lock/", seals.seal_lock, name="seal_lock"),
    path("seals/<id:seal_id>/keeper/", seals.seal_keeper, name="seal_keeper"),
    path("seals/<id:seal_id>/deactivate/", seals.seal_deactivate, name="seal_deactivate"),
    path("seals/uses/request/", seals.seal_use_request, name="seal_use_request"),
    path("seals/uses/<id:use_id>/", seals.seal_use, name="seal_use"),
    path("seals/uses/<id:use_id>/log/", seals.seal_use_log, name="seal_use_log"),
    path("seals/uses/<id:use_id>/withdraw/", seals.seal_use_withdraw, name="seal_use_withdraw"),
    path("seals/take-outs/request/", seals.seal_take_out_request, name="seal_take_out_request"),
    path("seals/take-outs/<id:take_out_id>/", seals.seal_take_out, name="seal_take_out"),
    path(
        "seals/take-outs/<id:take_out_id>/hand-out/",
        seals.seal_take_out_hand_out,
        name="seal_take_out_hand_out",
    ),
    path(
        "seals/take-outs/<id:take_out_id>/return/",
        seals.seal_take_out_return,
        name="seal_take_out_return",
    ),
    path(
        "seals/take-outs/<id:take_out_id>/withdraw/",
        seals.seal_take_out_withdraw,
        name="seal_take_out_withdraw",
    ),
]
