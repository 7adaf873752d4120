"""Indexes for the order every list uses (newest first, undated last) and the data
generation counter that page caches are keyed to."""

from django.db import migrations, models

# (model, field, index name): the lists' ORDER BY <field> DESC NULLS LAST, id DESC.
LIST_ORDER_INDEXES = [
    ("agreement", "date", "agreement_date_desc_idx"),
    ("article", "published", "article_published_idx"),
    ("meeting", "date", "meeting_date_desc_idx"),
]


def _index(field: str, name: str, nulls_last: bool) -> models.Index:
    order = models.F(field).desc(nulls_last=True) if nulls_last else models.F(field).desc()
    return models.Index(order, models.F("id").desc(), name=name)


def _create(apps, schema_editor):
    # SQLite cannot say NULLS LAST in an index, but its DESC order puts NULLs last anyway.
    nulls_last = schema_editor.connection.vendor != "sqlite"
    for model_name, field, name in LIST_ORDER_INDEXES:
        model = apps.get_model("relations", model_name)
        schema_editor.add_index(model, _index(field, name, nulls_last))


def _drop(apps, schema_editor):
    for model_name, field, name in LIST_ORDER_INDEXES:
        model = apps.get_model("relations", model_name)
        schema_editor.remove_index(model, _index(field, name, True))


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0003_document_path"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name=model_name, index=_index(field, name, nulls_last=True)
                )
                for model_name, field, name in LIST_ORDER_INDEXES
            ],
            database_operations=[migrations.RunPython(_create, _drop)],
        ),
    ]
