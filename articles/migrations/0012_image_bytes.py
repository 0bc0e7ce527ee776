"""The stored image's size on the article row (feed enclosures), filled in for the images already stored."""

import articles.fields
from django.db import migrations, models


def record_sizes(apps, schema_editor):
    """Each distinct stored file is asked for its size once; a missing file leaves the size unknown."""
    Article = apps.get_model("articles", "Article")
    storage = Article._meta.get_field("image").storage
    names = Article.objects.filter(image_bytes__isnull=True).exclude(image="").values_list("image", flat=True)
    for name in set(names.iterator()):
        try:
            size = storage.size(name)
        except (OSError, ValueError):
            continue
        Article.objects.filter(image=name).update(image_bytes=size)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_publish_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='image_bytes',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='article',
            name='image',
            field=articles.fields.SanitizedImageField(blank=True, height_field='image_height', help_text='A JPEG, PNG or WebP photo. Location, camera and other hidden details are removed when it is stored; what the picture itself shows is not.', size_field='image_bytes', upload_to='articles/%Y/%m/', verbose_name='featured image', width_field='image_width'),
        ),
        migrations.RunPython(record_sizes, migrations.RunPython.noop, elidable=True),
    ]
