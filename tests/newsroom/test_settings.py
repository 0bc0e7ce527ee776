"""Production settings refuse unsafe starts and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run([*MANAGE, *args], capture_output=True, text=True, env=environment, cwd=settings.BASE_DIR)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_check_warns_about_a_per_process_cache():
    settings_without_cache = {key: value for key, value in PRODUCTION.items() if key != "CACHE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **settings_without_cache)
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr + result.stdout


def test_forwarded_proto_is_trusted_only_behind_a_declared_proxy():
    probe = "from django.conf import settings; print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    plain = run_manage("shell", "-c", probe, **PRODUCTION)
    proxied = run_manage("shell", "-c", probe, DJANGO_BEHIND_TLS_PROXY="1", **PRODUCTION)
    assert plain.stdout.strip().splitlines()[-1] == "None"
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout


def test_demo_editor_is_refused_on_a_production_site():
    result = run_manage("create_demo_editor", **PRODUCTION)
    assert result.returncode != 0
    assert "local demo sites only" in result.stderr


def test_development_mode_needs_nothing_but_asking_for_it():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_site_started_without_configuration_is_in_production_mode():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_models_and_migrations_agree():
    result = run_manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_uploaded_images_can_live_in_shared_storage_named_by_the_environment():
    probe = "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__, s.location)"
    shared = run_manage(
        "shell", "-c", probe,
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_STORAGE="django.core.files.storage.FileSystemStorage",
        DJANGO_MEDIA_STORAGE_OPTIONS='{"location": "/srv/shared-media"}',
    )
    assert shared.stdout.strip().splitlines()[-1] == "FileSystemStorage /srv/shared-media", shared.stderr


def test_storage_options_that_are_not_json_stop_the_site_with_the_variable_named():
    result = run_manage("check", DJANGO_DEBUG="1", DJANGO_MEDIA_STORAGE_OPTIONS="bucket=news")
    assert result.returncode != 0
    assert "DJANGO_MEDIA_STORAGE_OPTIONS must be a JSON object" in result.stderr
