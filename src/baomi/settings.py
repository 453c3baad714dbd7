"""One settings module, overridden by ``BAOMI_*`` environment variables.

BAOMI_DATA_DIR       where the SQLite database, keys and uploads live (default ./var)
BAOMI_DATABASE_URL   e.g. postgres://user@127.0.0.1:5432/baomi (default SQLite in the data dir)
BAOMI_MIGRATION_DATABASE_URL  PostgreSQL: the same database as its owner role, for migrate only
BAOMI_SECRET_KEY     required in production
BAOMI_DEBUG          "1" turns on Django's debug pages (refused in production)
BAOMI_PRODUCTION     "1" makes the checks of a production installation fatal
BAOMI_TIME_ZONE      default Asia/Shanghai
BAOMI_LANGUAGE       default zh-hans
BAOMI_ALLOWED_HOSTS  comma-separated, default localhost names
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DEMO_SECRET_KEY = "baomi-demo-key-never-use-in-production"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"BAOMI_{name}", default)


def _flag(name: str) -> bool:
    return _env(name).lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(_env("DATA_DIR", str(Path.cwd() / "var"))).resolve()
PRODUCTION = _flag("PRODUCTION")
DEBUG = _flag("DEBUG")
SECRET_KEY = _env("SECRET_KEY", DEMO_SECRET_KEY)

if PRODUCTION and SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured(
        "BAOMI_SECRET_KEY must be set in production (the demo key is refused)"
    )
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "BAOMI_SECRET_KEY must be at least 50 characters in production (e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("BAOMI_DEBUG must be off in production")

ALLOWED_HOSTS = [h for h in _env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "template_partials",
    "baomi.core",
    "baomi.audit",
    "baomi.access",
    "baomi.rulebook",
    "baomi.org",
    "baomi.accounts",
    "baomi.approvals",
    "baomi.carriers",
    "baomi.devices",
    "baomi.scans",
    "baomi.people",
    "baomi.areas",
    "baomi.seals",
    "baomi.publication",
    "baomi.budget",
    "baomi.meetings",
    "baomi.oversight",
    "baomi.incidents",
    "baomi.cockpit",
    "baomi.accreditation",
    "baomi.backups",
    "baomi.web",
    "baomi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baomi.web.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baomi.accounts.middleware.SessionLifetimeMiddleware",
    "baomi.accounts.middleware.PasswordChangeMiddleware",
    "baomi.web.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "baomi.web.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "baomi.urls"
WSGI_APPLICATION = "baomi.wsgi.application"

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
                "baomi.web.context.shell",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'baomi.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(_env("DATABASE_URL") or _default_db, conn_max_age=600),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Django's SQLite with the writers of transactions queued in order (baomi.core.sqlite).
    DATABASES["default"]["ENGINE"] = "baomi.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so that two writers queue instead of failing with "database is locked".
        # synchronous=FULL syncs every commit: a registration the clerk has seen succeed (its
        # register number written on the paper, IN-NUMBER) survives a power cut, as it does on
        # PostgreSQL. NORMAL could lose the last commits and hand the same number out again.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: baomi's reads are short page queries, and PostgreSQL's JIT, triggered by the
    # planner's cost estimate alone, spent ~20 ms compiling each of the care page's reads on a
    # 100k-asset ledger for nothing (bench/devices_care.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# PostgreSQL: the login of the tables' owner, used only by 'baomi migrate', which then grants
# the role of BAOMI_DATABASE_URL only what the application needs (baomi.audit.roles). Never
# set it in the server's environment: the server must not hold the owner's credentials.
DATABASE_OWNER = None
if _env("MIGRATION_DATABASE_URL"):
    _owner = dj_database_url.parse(_env("MIGRATION_DATABASE_URL"))
    if _owner["ENGINE"] != "django.db.backends.postgresql" or any(
        _owner[key] != DATABASES["default"][key] for key in ("ENGINE", "HOST", "PORT", "NAME")
    ):
        raise ImproperlyConfigured(
            "BAOMI_MIGRATION_DATABASE_URL must name the PostgreSQL database of "
            "BAOMI_DATABASE_URL (the same host, port and database, as its owner role)."
        )
    DATABASE_OWNER = {"USER": _owner["USER"], "PASSWORD": _owner["PASSWORD"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Account"
AUTHENTICATION_BACKENDS = ["baomi.accounts.backends.LockoutBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "baomi.accounts.passwords.PolicyValidator"},  # AUTH-PASSWORD
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: the idle limit is the cookie age renewed on every request; the absolute limit
# (AUTH-SESSION.max_hours) is enforced by SessionLifetimeMiddleware.
SESSION_COOKIE_AGE = 10 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION and _flag("HTTPS")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# HSTS on every answer served over HTTPS (Django sends it only on secure requests): a year.
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = _env("LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = _env("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The UI loads nothing from outside the machine (DEV-AIRGAP): every source is 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The installation's Ed25519 key that signs audit checkpoints.
AUDIT_SIGNING_KEY = Path(_env("AUDIT_KEY", str(DATA_DIR / "keys" / "audit-ed25519.pem")))
# Where 'baomi audit checkpoint' also writes each signed checkpoint, outside the database, and
# whose newest one 'baomi audit verify' checks the chain against: put it on other media.
AUDIT_CHECKPOINT_DIR = Path(_env("CHECKPOINT_DIR", str(DATA_DIR / "checkpoints")))

# Backups (baomi.backups): where the archives go; every how many hours 'baomi serve' makes one
# (0: the server makes none, 'baomi backup' runs from cron); how many archives are kept; the
# passphrase file and cipher (aes or sm4, 国密) of the scheduled ones (none: not encrypted).
# DEV-BACKUP (important files backed up twice a month): an interval over half a month (360 h)
# is refused, and a backup later than the interval (or half a month) is a deadline missed.
BACKUP_DIR = Path(_env("BACKUP_DIR", str(DATA_DIR / "backups")))
BACKUP_MAX_HOURS = 360


def _whole(name: str, default: int, low: int, high: int, why: str = "") -> int:
    text = _env(name, str(default)).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ImproperlyConfigured(f"BAOMI_{name} must be a whole number from {low} to {high}{why}")
    return int(text)


_TWICE_A_MONTH = " (DEV-BACKUP: important files are backed up twice a month; 0: none scheduled)"
BACKUP_EVERY_HOURS = _whole("BACKUP_EVERY_HOURS", 24, 0, BACKUP_MAX_HOURS, _TWICE_A_MONTH)
BACKUP_KEEP = _whole("BACKUP_KEEP", 14, 1, 10_000)
BACKUP_PASSPHRASE_FILE = _env("BACKUP_PASSPHRASE_FILE") or None
BACKUP_CIPHER = _env("BACKUP_CIPHER", "aes")
if BACKUP_CIPHER not in ("aes", "sm4"):
    raise ImproperlyConfigured("BAOMI_BACKUP_CIPHER must be aes or sm4")

# The bounds of an uploaded archive (an .xlsx is a zip), checked before it is parsed
# (baomi.core.uploads): what all its members unpack to, the unpacked : packed ratio of a member
# (above 1 MB unpacked), and how many members it may have.
UPLOAD_MAX_EXPANDED_BYTES = int(_env("UPLOAD_MAX_EXPANDED_MB", "50")) * 1024 * 1024
UPLOAD_MAX_RATIO = int(_env("UPLOAD_MAX_RATIO", "100"))
UPLOAD_MAX_MEMBERS = int(_env("UPLOAD_MAX_MEMBERS", "10000"))
# The largest signed paper's scan (PPL-VET) and file submitted for the secrecy review
# (PUB-REVIEW) accepted.
PEOPLE_SCAN_MAX_BYTES = int(_env("SCAN_MAX_MB", "10")) * 1024 * 1024
PUBLICATION_MAX_BYTES = int(_env("PUBLICATION_MAX_MB", "20")) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

APP_NAME = _("baomi confidentiality management")
