from django.urls import path

from tests.throwaway import web

urlpatterns = [path("seals/", web.seals, name="throwaway")]
