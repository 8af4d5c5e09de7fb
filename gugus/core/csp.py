"""Reading a Content-Security-Policy and finding what it would refuse in a page (issue 19).

The policy itself is django-csp's (``CONTENT_SECURITY_POLICY`` in the settings; the portal's
stricter one in ``gugus.portal.security``). These helpers let tests check that every page carries
it and holds nothing it refuses: an inline script without the response's nonce, an ``on*=``
handler, a ``javascript:`` URL, an inline ``<style>`` element or ``style=`` attribute.
"""

from __future__ import annotations

from html.parser import HTMLParser

# <script type="..."> that browsers never run: data blocks (json_script) are not scripts. Any other
# type is counted as a script, to be safe.
_DATA_TYPES = {"application/json", "application/ld+json"}


def parse_policy(header: str) -> dict[str, list[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` as ``{"default-src": ["'self'"], ...}``."""
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


def nonce_of(policy: dict[str, list[str]]) -> str | None:
    """The nonce ``script-src`` allows, if any."""
    for source in policy.get("script-src", []):
        if source.startswith("'nonce-") and source.endswith("'"):
            return source[len("'nonce-") : -1]
    return None


class _Finder(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (inline event handler)")
            if name == "style":
                self.problems.append(f"<{tag} style=…> (inline style)")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element (inline style)")
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            runs = kind not in _DATA_TYPES
            has_nonce = self.nonce is not None and values.get("nonce") == self.nonce
            self._inline_script = runs and "src" not in values and not has_nonce

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline <script> without the response's nonce: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def refused_inline_content(html: str, nonce: str | None = None) -> list[str]:
    """What a policy without 'unsafe-inline' (scripts and styles) would refuse in ``html``."""
    finder = _Finder(nonce)
    finder.feed(html)
    finder.close()
    return finder.problems
