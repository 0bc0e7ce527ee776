"""Publishing is a permission of its own (``articles.publish_article``)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_edit_version'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-pk'], 'permissions': [('publish_article', 'Can publish articles')], 'verbose_name': 'article', 'verbose_name_plural': 'articles'},
        ),
    ]
