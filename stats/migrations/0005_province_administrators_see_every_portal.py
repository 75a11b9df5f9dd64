from django.db import migrations

# The install-wide administrators' group of editorial/roles.py (GROUP_NAMES),
# named here as data so stats/ does not import editorial/; a portal's own
# "Quản trị – <portal>" group is another group and does not get it.
PROVINCE_ADMINISTRATORS = "Quản trị"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="stats", model="dailysitestat"
    )
    # Created here: post_migrate, which would create it, runs after.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_all_portals",
        defaults={"name": "Can view every portal's statistics"},
    )
    group, _ = Group.objects.get_or_create(name=PROVINCE_ADMINISTRATORS)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=PROVINCE_ADMINISTRATORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="stats", codename="view_all_portals"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0004_one_row_per_portal_and_day"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
