"""Names for the codes the matrix's analysis keeps (functions, tiers): people read names."""

from django import template

register = template.Library()


@register.filter
def named(code, names) -> str:
    """``code``'s name in ``names`` (a dict the view passes); the code itself when it has none."""
    return names.get(code, code) if names else code
