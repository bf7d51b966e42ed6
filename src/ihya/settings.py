"""Settings read from the environment (IHYA_*), SQLite in IHYA_HOME by default. Every variable
is listed, with its default and meaning, in the README's "Settings" (a test keeps it complete)."""

from __future__ import annotations

import contextlib
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
# development (the default: `make demo`, the tests) or production, where the unsafe conveniences
# of development are refused at start-up (debug on, a generated secret key, any host accepted).
ENVIRONMENT = os.environ.get("IHYA_ENV", "development").strip().lower() or "development"
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("IHYA_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("IHYA_DEBUG must be off when IHYA_ENV=production.")
PRODUCTION_SECRET_LENGTH = 50  # Django's own deployment check asks for 50 characters


def _secret_key() -> str:
    """From IHYA_SECRET_KEY, else a random key kept in IHYA_HOME/secret_key (mode 0600).

    No key is ever written into the repository, and no fixed default exists.
    """
    key = os.environ.get("IHYA_SECRET_KEY")
    if PRODUCTION and (not key or len(key) < PRODUCTION_SECRET_LENGTH):
        raise ImproperlyConfigured(
            f"IHYA_ENV=production needs IHYA_SECRET_KEY, at least {PRODUCTION_SECRET_LENGTH} "
            "random characters (a key is only generated in development)."
        )
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
SECRET_KEY_FROM_ENV = bool(os.environ.get("IHYA_SECRET_KEY"))
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("IHYA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
if PRODUCTION and (
    not os.environ.get("IHYA_ALLOWED_HOSTS") or not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS
):
    raise ImproperlyConfigured(
        "IHYA_ENV=production needs IHYA_ALLOWED_HOSTS: the site's host names, no wildcard '*'."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "ihya.web",
    "ihya.reference",
    "ihya.registry",
    "ihya.diagnosis",
    "ihya.accounts",
    "ihya.audit",
    "ihya.trade",
    "ihya.linkages",
    "ihya.priority",
    "ihya.portfolio",
    "ihya.plan",
    "ihya.followup",
    "ihya.notify",
    "ihya.kpi",
    "ihya.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # the database unreachable: 503 + Retry-After (problem+json under /api/), never a 500
    "ihya.web.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "ihya.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ihya.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # before any view's or CSRF's process_view reads the body
    "ihya.web.middleware.RequestSizeMiddleware",
    "ihya.web.middleware.NulCharacterMiddleware",  # after the size check: reads the body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "ihya.web.middleware.ServiceErrorMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lock-out after repeated failed logins
    "ihya.accounts.backends.RoleBackend",  # ModelBackend with cached permission sets
]
# Lock-out per account and address, per address and per account (ihya/accounts/lockout.py).
AXES_HANDLER = "ihya.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("IHYA_LOGIN_FAILURES", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("IHYA_LOGIN_FAILURES_PER_ADDRESS", "30"))
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("IHYA_LOGIN_FAILURES_PER_ACCOUNT", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends by itself, whatever is tried
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # what a successful login resets
# The client's address: REMOTE_ADDR, unless IHYA_PROXY_COUNT reverse proxies of ours stand in
# front (then the address they add to X-Forwarded-For; a client cannot forge it past them).
PROXY_COUNT = int(os.environ.get("IHYA_PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

ROOT_URLCONF = "ihya.urls"
WSGI_APPLICATION = "ihya.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ihya.web.context.ihya",
                "ihya.notify.context.notifications",
            ]
        },
    }
]


def _database() -> dict:
    url = os.environ.get("IHYA_DATABASE_URL")
    if not url:
        IHYA_HOME.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{IHYA_HOME / 'ihya.sqlite3'}"
    # Persistent connections: opening one per request costs more than the request itself.
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL (set once by `ihya db upgrade`; it is persistent) lets readers work during a long
        # import; IMMEDIATE avoids lock upgrades in the middle of a write transaction.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# what the admin's password forms accept (generated passwords are 16 characters)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
# A file whose forecast restart is later than its baseline by more than this is at risk.
RISK_SLIP_DAYS = int(os.environ.get("IHYA_RISK_SLIP_DAYS", "30"))
# threads one solve (portfolio: HiGHS, plan: CP-SAT) may take; 0: every core. On a machine shared
# with the web processes, give the background workers fewer (docs/deployment.md).
SOLVER_THREADS = int(os.environ.get("IHYA_SOLVER_THREADS", "0"))
# evidence attached to case files: stored under IHYA_HOME/attachments, at most this size
ATTACHMENT_MAX_MB = int(os.environ.get("IHYA_ATTACHMENT_MAX_MB", "20"))
# Notifications: a decision's deadline is "approaching" this many days ahead.
NOTIFY_SOON_DAYS = int(os.environ.get("IHYA_NOTIFY_SOON_DAYS", "7"))
# The address of the site, for the links of the e-mailed digest.
SITE_URL = os.environ.get("IHYA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail (the daily digest): SMTP when IHYA_SMTP_HOST is set; otherwise each message is written
# as a file under IHYA_HOME/mail/ (development: nothing leaves the machine).
EMAIL_HOST = os.environ.get("IHYA_SMTP_HOST", "")
_smtp_tls = os.environ.get("IHYA_SMTP_TLS", "").strip().lower()
if _smtp_tls not in {"", "0", "off", "no", "false", "1", "on", "yes", "true", "starttls", "ssl"}:
    raise ImproperlyConfigured("IHYA_SMTP_TLS must be 0, 1 (STARTTLS) or ssl (implicit TLS).")
EMAIL_USE_SSL = _smtp_tls == "ssl"
EMAIL_USE_TLS = _smtp_tls in {"1", "on", "yes", "true", "starttls"}
EMAIL_PORT = int(
    os.environ.get("IHYA_SMTP_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
)
EMAIL_HOST_USER = os.environ.get("IHYA_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("IHYA_SMTP_PASSWORD", "")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("IHYA_MAIL_FROM", "ihya@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = IHYA_HOME / "mail"

# Personal API tokens expire this many days after their creation (at most 366).
TOKEN_DAYS = int(os.environ.get("IHYA_TOKEN_DAYS", "90"))
if not 1 <= TOKEN_DAYS <= 366:
    raise ImproperlyConfigured("IHYA_TOKEN_DAYS must be between 1 and 366.")

# Sessions and CSRF: HttpOnly, SameSite, Secure behind HTTPS (IHYA_HTTPS=1).
HTTPS = _env_bool("IHYA_HTTPS")
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # read from cache, kept in the DB
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own files — no inline script, no
# eval, no outside address; data for charts travels in <script type="application/json"> blocks,
# which are never run. Inline styles stay allowed (style attributes; htmx's indicator rule).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of Ihya uses, switched off for every page (Permissions-Policy).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), display-capture=(), serial=(), bluetooth=()"
)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = _env_bool("IHYA_SSL_REDIRECT", True)
# A local demo over plain HTTP (development, no IHYA_HTTPS) is not a deployment: Django's
# HTTPS advice (HSTS, SSL redirect, secure cookies) would only be noise on `ihya serve`. It stays
# for a production configuration (IHYA_ENV=production), where it is meant.
if not PRODUCTION and not HTTPS:
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008", "security.W012", "security.W016"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("IHYA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Background work (imports): Django's tasks API (django-tasks backport) with a database queue,
# so it works on SQLite too. `ihya serve` starts the worker; tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("IHYA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # the queues a job may be put on (`ihya worker --queue NAME` takes from one or several)
        "QUEUES": sorted(
            {"default"} | {q for q in os.environ.get("IHYA_TASK_QUEUES", "").split(",") if q}
        ),
    }
}
UPLOADS = IHYA_HOME / "uploads"
# `ihya worker` rewrites this file every few seconds; `ihya doctor` checks that it is fresh.
WORKER_HEARTBEAT_FILE = IHYA_HOME / "worker.heartbeat"

# The audit log's chain is keyed (HMAC-SHA256) with a key the database does not hold:
# IHYA_AUDIT_KEY, else a random key generated on first use into this file (mode 0600). Keep a
# copy apart from the database's backups: without it the log cannot be verified.
AUDIT_KEY = os.environ.get("IHYA_AUDIT_KEY", "")
AUDIT_KEY_FILE = IHYA_HOME / "audit.key"
# The log's head (last id, count, hash), signed with the key, rewritten after every commit that
# appends to it: a rewrite of the table alone (tail deleted, chain recomputed) no longer matches.
AUDIT_ANCHOR_FILE = Path(os.environ.get("IHYA_AUDIT_ANCHOR") or IHYA_HOME / "audit.anchor")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = IHYA_HOME / "static"
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve the packaged assets without a collectstatic step
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads (imports, analyses' files): at most IHYA_UPLOAD_MAX_MB; a request announcing a larger
# body is refused before it is read (ihya.web.middleware.RequestSizeMiddleware), each file is
# checked again (ihya.uploads), and a workbook's zip before any reader opens it (docs/security.md).
UPLOAD_MAX_MB = int(os.environ.get("IHYA_UPLOAD_MAX_MB", "25"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger files go to a temporary file, chunk by chunk
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_MB * 1024 * 1024  # a body without files (forms, JSON)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("IHYA_LOG_LEVEL", "WARNING")},
}

# API pagination: bounded (ihya.api_support bounds the offset too), so that no limit or offset
# can overflow a database integer.
NINJA_PAGINATION_MAX_LIMIT = 1000
