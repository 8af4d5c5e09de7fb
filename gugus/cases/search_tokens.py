"""Case searches without identifiers in URLs (issue 19).

The filter form is sent by POST. Its values are kept in the session, encrypted with the field
keys (a session row must not hold a NIK in clear either), under a random token that expires after
an hour; the list, its pages and the htmx victim count then address the search as ``?s=<token>``.
So a NIK, phone number or name never reaches the access log, the browser history or a proxy.
"""

from __future__ import annotations

import json
import secrets
import time

from django.http import QueryDict

from gugus.core import crypto

SESSION_KEY = "case_searches"
TTL_SECONDS = 3600
KEEP = 20  # searches remembered per session
_AAD = crypto.associated_data("session", "case_search", "00000000-0000-0000-0000-000000000000")


def search_remember(request, data: QueryDict) -> str:
    """Store the submitted filters; return the opaque token that names them."""
    values = {k: v for k, v in data.lists() if k not in ("csrfmiddlewaretoken", "page")}
    token = secrets.token_urlsafe(12)
    now = int(time.time())
    stored = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if now - v["at"] < TTL_SECONDS}
    stored[token] = {"at": now, "filters": crypto.encrypt(json.dumps(values), aad=_AAD + token.encode())}
    newest = sorted(stored.items(), key=lambda item: item[1]["at"])[-KEEP:]
    request.session[SESSION_KEY] = dict(newest)
    return token


def search_recall(request, token: str | None) -> QueryDict | None:
    """The filters stored under ``token`` in this session, or None when unknown or expired."""
    if not token:
        return None
    item = request.session.get(SESSION_KEY, {}).get(token)
    if item is None or int(time.time()) - item["at"] >= TTL_SECONDS:
        return None
    try:
        values = json.loads(crypto.decrypt(item["filters"], aad=_AAD + token.encode()))
    except (crypto.DecryptionFailed, ValueError):
        return None
    query = QueryDict(mutable=True)
    for key, items in values.items():
        query.setlist(key, items)
    return query
