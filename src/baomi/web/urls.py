from django.urls import path

from baomi.web.views import (
    auth,
    home,
    registers,
    search,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("password/", auth.own_password, name="own_password"),
    path("password/tokens/<id:token_id>/revoke/", auth.token_revoke, name="token_revoke"),
    path("registers/", registers.register_index, name="registers"),
    path("search/", search.search_page, name="search"),
]
