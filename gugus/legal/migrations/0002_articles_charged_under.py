"""Load the articles trafficking cases are charged under (gugus/legal/articles.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from gugus.legal.articles import ARTICLES

    Article = apps.get_model("legal", "Article")
    for law, number, paragraph, read_with, summary_id, summary_en in ARTICLES:
        Article.objects.update_or_create(
            law=law,
            number=number,
            paragraph=paragraph,
            defaults={"read_with": read_with, "summary_id": summary_id, "summary_en": summary_en},
        )


def unload(apps, schema_editor):
    from gugus.legal.articles import ARTICLES

    Article = apps.get_model("legal", "Article")
    for law, number, paragraph, *_rest in ARTICLES:
        Article.objects.filter(law=law, number=number, paragraph=paragraph, charges__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_legal_track_compounds_repatriation_online")]
    operations = [migrations.RunPython(load, unload)]
