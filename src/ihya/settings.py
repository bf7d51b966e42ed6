"""Settings read from the environment (IHYA_*). SQLite in IHYA_HOME by default.

| variable             | meaning                                                          |
|----------------------|------------------------------------------------------------------|
| IHYA_HOME            | folder for the default SQLite file and the generated secret key  |
| IHYA_DATABASE_URL    | e.g. postgres://user@127.0.0.1:5432/ihya (default: SQLite file)   |
| IHYA_SECRET_KEY      | required when IHYA_DEBUG is off and no key file can be written   |
| IHYA_DEBUG           | "1" for development only                                          |
| IHYA_LANGUAGE        | default language of messages: "ar" (default) or "en"             |
| IHYA_HOME_COUNTRY    | ISO alpha-3 code of the home country (default LBY)               |
| IHYA_CURRENCY        | ISO 4217 code of the local currency (default LYD)                |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_home() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "ihya"


IHYA_HOME = Path(os.environ.get("IHYA_HOME") or _default_home()).resolve()
DEBUG = _env_bool("IHYA_DEBUG")


def _secret_key() -> str:
    """From IHYA_SECRET_KEY, else a random key kept in IHYA_HOME/secret_key (mode 0600).

    No key is ever written into the repository, and no fixed default exists.
    """
    key = os.environ.get("IHYA_SECRET_KEY")
    if key:
        if len(key) < 32 and not DEBUG:
            raise ImproperlyConfigured("IHYA_SECRET_KEY must be at least 32 characters long.")
        return key
    path = IHYA_HOME / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        IHYA_HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Set IHYA_SECRET_KEY, or make {IHYA_HOME} writable so a key can be generated."
        ) from exc


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h for h in os.environ.get("IHYA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "ihya.reference",
    "ihya.registry",
    "ihya.diagnosis",
    "ihya.accounts",
    "ihya.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "ihya.urls"
WSGI_APPLICATION = "ihya.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.i18n"]},
    }
]


def _database() -> dict:
    url = os.environ.get("IHYA_DATABASE_URL")
    if not url:
        IHYA_HOME.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{IHYA_HOME / 'ihya.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work during a long import; IMMEDIATE avoids lock upgrades mid-write.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = os.environ.get("IHYA_LANGUAGE", "ar")
LANGUAGES = [("ar", "العربية"), ("en", "English")]
if LANGUAGE_CODE not in {code for code, _ in LANGUAGES}:
    raise ImproperlyConfigured("IHYA_LANGUAGE must be 'ar' or 'en'.")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Tripoli"

IHYA_HOME_COUNTRY = os.environ.get("IHYA_HOME_COUNTRY", "LBY")
IHYA_CURRENCY = os.environ.get("IHYA_CURRENCY", "LYD")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("IHYA_LOG_LEVEL", "WARNING")},
}
