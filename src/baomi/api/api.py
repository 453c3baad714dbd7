"""The NinjaAPI instance, its authentication and its error answers."""

from ninja import NinjaAPI

api = NinjaAPI(title="baomi", version="1", urls_namespace="api")
