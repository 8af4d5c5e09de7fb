from django.contrib import admin

from gugus.legal.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The articles charged under are reference data the secretariat may extend."""

    list_display = ("law", "number", "paragraph", "read_with", "summary_id", "active")
    list_filter = ("law", "active")
