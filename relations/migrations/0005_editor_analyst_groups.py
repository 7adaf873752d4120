"""Editors correct records and run uploads; Analysts only read."""

from django.db import migrations
from django.db.models import Q

GROUPS = ("Editors", "Analysts")
# What editors curate; "person" includes their roles, which the review queue asks them to add.
EDITOR_MODELS = (
    "meeting",
    "agreement",
    "metric",
    "evidence",
    "person",
    "personrole",
    "meetingparticipant",
    "article",
)
ACTIONS = ("add", "change", "delete", "view")


def _ensure_permissions(apps) -> None:
    """Permissions are normally created after the last migration (post_migrate); create them
    now so that a fresh database gets its groups filled in the same run."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def create_groups(apps, schema_editor) -> None:
    """Editors: full rights on curated records, view on the rest of relations; Analysts: view."""
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    relations = Permission.objects.filter(content_type__app_label="relations")
    view = Q(codename__startswith="view_")
    curate = Q(codename__in=[f"{action}_{model}" for model in EDITOR_MODELS for action in ACTIONS])
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(relations.filter(view | curate))
    analysts, _ = Group.objects.get_or_create(name="Analysts")
    analysts.permissions.set(relations.filter(view))


def remove_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("relations", "0004_list_order_indexes_data_generation"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
