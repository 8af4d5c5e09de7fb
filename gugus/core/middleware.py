"""Bahasa Indonesia first: the interface language is Indonesian unless the user switches."""


class IndonesianFirstMiddleware:
    """Ignore the browser's Accept-Language so that Indonesian is the default for everyone;
    the language switch (a cookie) still chooses English. Runs before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
