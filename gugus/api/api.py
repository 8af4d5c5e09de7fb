"""The REST API (django-ninja, OpenAPI 3 at /api/openapi.json, docs at /api/docs)."""

from django.urls import re_path
from ninja import NinjaAPI

from gugus.api.auth import SessionCapabilityAuth, TokenAuth
from gugus.api.capabilities import enforce_capabilities
from gugus.api.errors import add_error_responses, install_error_handlers, unknown_address


class GugusAPI(NinjaAPI):
    """Deny by default: when the URLs are built, every operation is wrapped in its capability check.
    The schema documents the shared error responses (401, 403, 404, 409, 413, 422) on every operation."""

    def _get_urls(self):
        enforce_capabilities(self)
        # last: an address that matches no operation answers the API's JSON 404
        return [*super()._get_urls(), re_path(r"^.*$", unknown_address, name="unknown-address")]

    def get_openapi_schema(self, *args, **kwargs):
        return add_error_responses(super().get_openapi_schema(*args, **kwargs))


api = GugusAPI(
    title="Gugus API",
    version="1",
    description="REST API of Gugus, the information system of the Gugus Tugas PP-TPPO. "
    "Authenticate with a bearer token issued to an agency system, or with a browser session.",
    auth=[TokenAuth(), SessionCapabilityAuth()],
    urls_namespace="api",
)
install_error_handlers(api)

from gugus.api import organisations  # noqa: E402

api.add_router("/organisations/", organisations.router)

from gugus.api import functions as functions_api  # noqa: E402

api.add_router("/functions/", functions_api.router)

from gugus.api import cases as cases_api  # noqa: E402

api.add_router("/cases/", cases_api.router)
api.add_router("/people/", cases_api.people_router)

from gugus.api import budgets as budgets_api  # noqa: E402
from gugus.api import meetings as meetings_api  # noqa: E402

api.add_router("/budgets/", budgets_api.router)
api.add_router("/meetings/", meetings_api.router)

from gugus.api import referrals as referrals_api  # noqa: E402

api.add_router("/referrals/", referrals_api.router)
api.add_router("/services/", referrals_api.services_router)

from gugus.api import identity as identity_api  # noqa: E402

api.add_router("/identity/", identity_api.router)
api.add_router("/networks/", identity_api.networks_router)

from gugus.api import oversight as oversight_api  # noqa: E402

api.add_router("/", oversight_api.router)

from gugus.api import exchange as exchange_api  # noqa: E402

api.add_router("/exchange/", exchange_api.router)
from gugus.api import legal as legal_api  # noqa: E402

api.add_router("/legal/", legal_api.router)

from gugus.api import accounts as accounts_api  # noqa: E402

api.add_router("/accounts/", accounts_api.router)
