"""Administration, for administrators only; every POST is audited. Each area has its own
module; this one assembles them under /admin."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from catalogue.accounts.guards import EXCEPTION_HANDLERS, provide_current_user, require_admin
from catalogue.admin import (
    entries_controllers,
    import_controllers,
    judges_controllers,
    overview_controllers,
    programme_controllers,
    results_controllers,
    taxonomy_controllers,
)
from catalogue.admin.mail_controllers import mail_router
from catalogue.admin.revisions_controllers import revisions_router

router = Router(
    path="/admin",
    route_handlers=[
        *overview_controllers.HANDLERS,
        *programme_controllers.HANDLERS,
        *taxonomy_controllers.HANDLERS,
        *judges_controllers.HANDLERS,
        *entries_controllers.HANDLERS,
        *results_controllers.HANDLERS,
        *import_controllers.HANDLERS,
    ],
    guards=[require_admin],
    dependencies={"user": Provide(provide_current_user)},
    exception_handlers=EXCEPTION_HANDLERS,
)

ROUTES = [router, mail_router, revisions_router]
