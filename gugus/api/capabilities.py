"""Deny by default for the REST API: every operation declares its capability, enforced centrally.

An operation declares what it needs with ``@capability("cases.view")`` under its route decorator,
or inherits its router's (``router_capability(router, "budgets.view")``). When the API builds its
URLs, ``enforce_capabilities`` wraps every operation: the authenticated caller must hold the
capability (403 otherwise), and an operation that declares none is refused outright, whatever
its body does. ``gugus.api.tests.test_capabilities`` fails on any undeclared operation, the same
rule the web middleware applies to views (``gugus.accounts.middleware``).

Scope (which case, which referral) stays with the access functions the operation calls; the
capability only says whether the caller's role may use the operation at all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from gugus.accounts.roles import CAPABILITIES, has_capability
from gugus.core.errors import PermissionDenied


def capability(name: str) -> Callable:
    """Declare the capability an API operation needs (place it under ``@router.get(...)``)."""
    if name not in CAPABILITIES:
        raise KeyError(f"unknown capability {name!r}")

    def mark(view):
        view.required_capability = name
        return view

    return mark


def router_capability(router, name: str):
    """Declare the capability every operation of ``router`` needs unless it declares its own."""
    if name not in CAPABILITIES:
        raise KeyError(f"unknown capability {name!r}")
    router.required_capability = name
    return router


def operations(api) -> Iterator[tuple[str, str, object, object]]:
    """(method, full path, operation, router) for every operation of ``api``."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    raw = prefix + path
                    full = "/" + "/".join(part for part in raw.split("/") if part)
                    if raw.endswith("/") and full != "/":
                        full += "/"  # as routed: /cases/ is not /cases
                    yield method, full, operation, router


def declared_capability(operation, router) -> str | None:
    view = getattr(operation, "_gugus_original_view", operation.view_func)
    return getattr(view, "required_capability", None) or getattr(router, "required_capability", None)


def _guarded(view, needed: str | None):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if needed is None:
            raise PermissionDenied("This operation declares no capability and is refused.")
        if not has_capability(request.auth, needed):
            raise PermissionDenied("Your role does not allow this.")
        return view(request, *args, **kwargs)

    return guarded


def _run_guard(needed: str | None):
    """A decorator of an operation's ``run``: authentication, then the capability, before the
    request's body is even parsed, so a refused caller learns nothing from validation errors.

    Registered as one of ninja's run decorators, so it survives the cloning of operations when
    routers are bound to the API. Authentication then runs twice (here and in ``run``); it is
    one indexed lookup.
    """

    def decorate(run):
        operation = run.__self__

        def guarded_run(request, *args, **kwargs):
            error = operation._run_checks(request)
            if error is not None:
                return error
            if needed is None:
                refusal = PermissionDenied("This operation declares no capability and is refused.")
                return operation.api.on_exception(request, refusal)
            if not has_capability(request.auth, needed):
                return operation.api.on_exception(request, PermissionDenied("Your role does not allow this."))
            return run(request, *args, **kwargs)

        return guarded_run

    return decorate


def enforce_capabilities(api) -> None:
    """Put every operation of ``api`` behind its capability check (idempotent)."""
    for _method, _path, operation, router in operations(api):
        if getattr(operation, "_gugus_original_view", None) is not None:
            continue
        needed = declared_capability(operation, router)
        original = operation.view_func
        operation._gugus_original_view = original
        guard = _run_guard(needed)
        operation._run_decorators = [*getattr(operation, "_run_decorators", []), guard]
        operation.run = guard(operation.run)
        operation.view_func = _guarded(original, needed)  # and again around the body itself
