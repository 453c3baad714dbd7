"""The accounts page (三员分立) and its changes."""

from django.urls import path

from baomi.accounts.web import accounts

urlpatterns = [
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/<id:account_id>/unlock/", accounts.account_unlock, name="account_unlock"),
    path("accounts/<id:account_id>/password/", accounts.account_password, name="account_password"),
    path("accounts/<id:account_id>/role/", accounts.account_role, name="account_role"),
    path("accounts/changes/<id:change_id>/agree/", accounts.change_agree, name="change_agree"),
    path("accounts/changes/<id:change_id>/refuse/", accounts.change_refuse, name="change_refuse"),
    path(
        "accounts/<id:account_id>/deactivate/",
        accounts.account_deactivate,
        name="account_deactivate",
    ),
]
