from django.urls import path

from baomi.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
