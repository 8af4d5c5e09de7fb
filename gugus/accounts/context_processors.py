from gugus.accounts.roles import ROLE_CAPABILITIES


def capabilities(request):
    """Expose the signed-in user's capabilities to templates (``caps``) for menus."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"caps": frozenset()}
    return {"caps": ROLE_CAPABILITIES.get(user.role, frozenset())}
