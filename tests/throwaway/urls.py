from django.urls import path

from tests.throwaway import web

urlpatterns = [path("keys/", web.keys, name="throwaway")]
