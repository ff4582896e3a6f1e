"""Django settings for PlanTrack; every deployment option is read from the environment."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from plantrack.core.assess import Thresholds
from plantrack.secret_file import load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envdecimal(name: str, default: str) -> Decimal:
    raw = os.environ.get(name, default)
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from exc


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


DATA_DIR = Path(os.environ.get("PLANTRACK_DATA_DIR", Path.cwd() / "var"))
DEBUG = envbool("PLANTRACK_DEBUG", False)
# Without PLANTRACK_SECRET_KEY the installation makes its own random key on first run and keeps it in the data
# directory (owner-only): never a key that is written in the source.
SECRET_KEY = os.environ.get("PLANTRACK_SECRET_KEY", "")
if not SECRET_KEY:
    try:
        SECRET_KEY = load_or_create_secret_key(DATA_DIR)
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"no usable secret key: {exc}") from exc
ALLOWED_HOSTS = [h for h in os.environ.get("PLANTRACK_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "plantrack.web",
    "plantrack.orgs",
    "plantrack.imports",
    "plantrack.plans",
    "plantrack.indicators",
    "plantrack.reporting",
    "plantrack.tasks",
    "plantrack.projects",
    "plantrack.assessment",
    "plantrack.reports",
    "plantrack.api",
    "plantrack.operations",
    "ninja",  # serves the API docs page from its own static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "plantrack.web.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plantrack.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plantrack.web.errors.ApplicationErrorMiddleware",  # the pages' one mapping of plantrack.core.errors
    "plantrack.web.control_characters.ControlCharacterMiddleware",
]

ROOT_URLCONF = "plantrack.urls"
CSRF_FAILURE_VIEW = "plantrack.web.errors.csrf_failure"  # in the site's layout, like the other error pages
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "plantrack.web.navigation.main_nav",
            ],
        },
    },
]
WSGI_APPLICATION = "plantrack.wsgi.application"

# How long a write waits for another writer's lock before it answers "busy, try again" (503) rather than a 500.
PLANTRACK_LOCK_WAIT_SECONDS = envint("PLANTRACK_LOCK_WAIT_SECONDS", 10)
# "Today" for the reporting rules (which periods have ended), as an ISO date; empty = the real date. For tests and
# for replaying a demo at a fixed day.
PLANTRACK_TODAY = os.environ.get("PLANTRACK_TODAY", "")
# The plan document `plantrack setup-demo` loads (a path); empty = the five-year plan outline in ../shared/seeds/
# beside the checkout when there is one, else the demo text shipped with PlanTrack (plantrack.plans.demo).
PLANTRACK_DEMO_PLAN = os.environ.get("PLANTRACK_DEMO_PLAN", "")

# PostgreSQL bulk imports check and lock a batch's references once instead of per row when the role may (README).
PLANTRACK_BATCH_REFERENCE_CHECK = envbool("PLANTRACK_BATCH_REFERENCE_CHECK", True)

_default_db = f"sqlite:///{DATA_DIR / 'plantrack.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout makes a second writer wait (then DatabaseBusy).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": PLANTRACK_LOCK_WAIT_SECONDS,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests get a database file in the temp folder (one per test process), not SQLite's shared in-memory database:
    # there a second writer fails at once ("table is locked") instead of waiting, so races could not be tested.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"plantrack-test-{os.getpid()}.sqlite3"),
    }
    if "DATABASE_URL" not in os.environ:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (orgs/throttle.py): this many failures of one username at one address (or, more, from one
# address) lock it for WINDOW minutes, each further lock twice as long; failures are remembered MEMORY hours.
PLANTRACK_LOGIN_MAX_FAILURES = envint("PLANTRACK_LOGIN_MAX_FAILURES", 5)
PLANTRACK_LOGIN_MAX_FAILURES_PER_IP = envint("PLANTRACK_LOGIN_MAX_FAILURES_PER_IP", 20)
PLANTRACK_LOGIN_WINDOW_MINUTES = envint("PLANTRACK_LOGIN_WINDOW_MINUTES", 15)
PLANTRACK_LOGIN_MEMORY_HOURS = envint("PLANTRACK_LOGIN_MEMORY_HOURS", 24)
# Across every address, this many failures of one username lock it (not where its owner has logged in before); an
# address counts typos of real usernames only over ADDRESS_WINDOW minutes; a correct login trusts its address
# for TRUST_DAYS.
PLANTRACK_LOGIN_MAX_FAILURES_PER_ACCOUNT = envint("PLANTRACK_LOGIN_MAX_FAILURES_PER_ACCOUNT", 20)
PLANTRACK_LOGIN_ADDRESS_WINDOW_MINUTES = envint("PLANTRACK_LOGIN_ADDRESS_WINDOW_MINUTES", 15)
PLANTRACK_LOGIN_TRUST_DAYS = envint("PLANTRACK_LOGIN_TRUST_DAYS", 90)
# The four-eyes rule: nobody approves a figure they submitted themselves (the planning office included).
PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE = envbool("PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE", True)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# Uploads larger than this are refused before they are read (reporting imports).
PLANTRACK_MAX_UPLOAD_BYTES = envint("PLANTRACK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# What an uploaded workbook may unpack to (the sum of its zip members), how much better than 1:PACK_RATIO a big
# member may compress, and how many rows and cells in a row a sheet may hold: a round never needs more, a zip bomb
# always does. A filled Excel template is one unit's indicators, so it has smaller bounds.
PLANTRACK_MAX_UNPACKED_BYTES = envint("PLANTRACK_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)
PLANTRACK_MAX_PACK_RATIO = envint("PLANTRACK_MAX_PACK_RATIO", 100)
PLANTRACK_MAX_UPLOAD_ROWS = envint("PLANTRACK_MAX_UPLOAD_ROWS", 1_000_000)
PLANTRACK_MAX_UPLOAD_COLUMNS = envint("PLANTRACK_MAX_UPLOAD_COLUMNS", 256)
PLANTRACK_TEMPLATE_MAX_ROWS = envint("PLANTRACK_TEMPLATE_MAX_ROWS", 5000)
PLANTRACK_TEMPLATE_MAX_UNPACKED_BYTES = envint("PLANTRACK_TEMPLATE_MAX_UNPACKED_BYTES", 16 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = PLANTRACK_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = PLANTRACK_MAX_UPLOAD_BYTES
# Rows of a batch checked and written together: memory stays flat whatever the size of a file, and checks that
# span the whole batch (duplicates, outliers, history) still see every earlier group.
PLANTRACK_WRITE_CHUNK = envint("PLANTRACK_WRITE_CHUNK", 5000)

# Tasks (任务督办): evidence files a unit attaches to a progress report, how long after a period ends its report
# is due before the task is put under supervision, and how many days the responsible unit gets to answer.
PLANTRACK_EVIDENCE_MAX_BYTES = envint("PLANTRACK_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
PLANTRACK_EVIDENCE_MAX_FILES = envint("PLANTRACK_EVIDENCE_MAX_FILES", 5)
PLANTRACK_TASK_REPORT_GRACE_DAYS = envint("PLANTRACK_TASK_REPORT_GRACE_DAYS", 10)
PLANTRACK_SUPERVISION_DAYS = envint("PLANTRACK_SUPERVISION_DAYS", 7)

# Outlier checks on reported figures, when no validation rule of the plan says otherwise: a figure more than
# this ratio away from its previous period or last year (1.0 = doubles or halves), or a rate that moves more
# than this many percentage points, is a warning that needs a written explanation.
PLANTRACK_OUTLIER_MAX_CHANGE = envdecimal("PLANTRACK_OUTLIER_MAX_CHANGE", "1.0")
PLANTRACK_OUTLIER_MAX_POINTS = envdecimal("PLANTRACK_OUTLIER_MAX_POINTS", "5")

# Unhandled errors (Django's `django.request` logger: every 500, with its traceback) go to stderr and to
# errors.log in the data directory, so a server error is never lost; the file is opened on the first error.
LOG_DIR = DATA_DIR / "logs"
LOG_DIR.mkdir(parents=True, exist_ok=True)
# Assessment thresholds (DESIGN.md "Assessment methods"): pace ratio R ≥ AHEAD 超前, ≥ ON_TRACK 符合预期,
# ≥ LAGGING 滞后, below 严重滞后; the growth-rate ratio's bands; the share of a 左右 target a value may pass it by.
PLANTRACK_ASSESS_AHEAD = float(envdecimal("PLANTRACK_ASSESS_AHEAD", "1.10"))
PLANTRACK_ASSESS_ON_TRACK = float(envdecimal("PLANTRACK_ASSESS_ON_TRACK", "0.95"))
PLANTRACK_ASSESS_LAGGING = float(envdecimal("PLANTRACK_ASSESS_LAGGING", "0.60"))
PLANTRACK_ASSESS_ABOUT_TOLERANCE = float(envdecimal("PLANTRACK_ASSESS_ABOUT_TOLERANCE", "0.05"))
PLANTRACK_ASSESS_GROWTH_ON_TRACK = float(envdecimal("PLANTRACK_ASSESS_GROWTH_ON_TRACK", "0.95"))
PLANTRACK_ASSESS_GROWTH_LAGGING = float(envdecimal("PLANTRACK_ASSESS_GROWTH_LAGGING", "0.60"))
PLANTRACK_ASSESS_GROWTH_AWAY = float(envdecimal("PLANTRACK_ASSESS_GROWTH_AWAY", "0"))
try:  # thresholds out of order are refused at start-up, not at the first approval
    Thresholds(
        ahead=PLANTRACK_ASSESS_AHEAD, on_track=PLANTRACK_ASSESS_ON_TRACK, lagging=PLANTRACK_ASSESS_LAGGING,
        about_tolerance=PLANTRACK_ASSESS_ABOUT_TOLERANCE, growth_on_track=PLANTRACK_ASSESS_GROWTH_ON_TRACK,
        growth_lagging=PLANTRACK_ASSESS_GROWTH_LAGGING, growth_away=PLANTRACK_ASSESS_GROWTH_AWAY,
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"PLANTRACK_ASSESS_* settings: {exc}") from exc

# Evaluation reports: the CJK fonts charts may use (the first that exists), LibreOffice for PDF and its time limit.
PLANTRACK_CJK_FONTS = [
    f for f in os.environ.get("PLANTRACK_CJK_FONTS", "").split(":") if f
] or [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
PLANTRACK_LIBREOFFICE = os.environ.get("PLANTRACK_LIBREOFFICE", "libreoffice")
PLANTRACK_PDF_TIMEOUT = envint("PLANTRACK_PDF_TIMEOUT", 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"dated": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "errors_stderr": {"class": "logging.StreamHandler", "formatter": "dated", "level": "ERROR"},
        "errors_file": {
            "class": "logging.handlers.RotatingFileHandler", "filename": str(LOG_DIR / "errors.log"),
            "maxBytes": 10 * 1024 * 1024, "backupCount": 5, "encoding": "utf-8", "delay": True,
            "formatter": "dated", "level": "ERROR",
        },
    },
    "loggers": {
        "plantrack": {"handlers": ["console", "errors_file"], "level": os.environ.get("PLANTRACK_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["errors_stderr", "errors_file"], "level": "ERROR", "propagate": False},
    },
}

# -- Targets without a number (国家下达目标, 同步, 人工研判) -----------------------------------------------------------
# How many percentage points a "同步" rate (居民收入增长) may fall below the rate it keeps pace with (GDP growth) and
# still count as in step. No published rule gives a tolerance, so none is assumed unless the office sets one.
PLANTRACK_ASSESS_IN_STEP_TOLERANCE = float(envdecimal("PLANTRACK_ASSESS_IN_STEP_TOLERANCE", "0"))

# Evaluation reports (reports app): the issuing body (发文机关) printed above the date line and named as the
# documents' author; empty means "<plan region>发展和改革委员会".
PLANTRACK_REPORT_ISSUER = os.environ.get("PLANTRACK_REPORT_ISSUER", "")

# --- Running as a service (docs/operations.md): web server, static files, HTTPS, trusted proxies, the job worker ---
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
# First: X-Forwarded-Proto is dropped unless a trusted proxy sent the request, before the SSL redirect reads it.
# WhiteNoise serves the collected static files from the same process (no separate file server needed).
MIDDLEWARE = [
    "plantrack.operations.proxies.TrustedProxyMiddleware",
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # `plantrack serve` fills it (collectstatic)


def envlist(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Proxies (addresses or networks) whose X-Forwarded-For is believed; from anyone else it is ignored.
try:
    from plantrack.operations.proxies import parse_networks

    PLANTRACK_TRUSTED_PROXIES = parse_networks(envlist("PLANTRACK_TRUSTED_PROXIES"))
except ValueError as exc:
    raise ImproperlyConfigured(f"PLANTRACK_TRUSTED_PROXIES: {exc}") from exc
# Behind HTTPS (directly or at the proxy): cookies only over HTTPS, HSTS, plain HTTP redirected.
PLANTRACK_HTTPS = envbool("PLANTRACK_HTTPS", False)
if PLANTRACK_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("PLANTRACK_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("PLANTRACK_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = False
    # Deliberate, so `check --deploy` need not warn: HSTS for subdomains only when the office says every subdomain
    # of its (often shared, government) domain is HTTPS; preloading is a listing in browsers that is hard to undo.
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS.append("security.W005")
    # The proxy says the original request was HTTPS; TrustedProxyMiddleware removes the header from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may come over plain HTTP

# gunicorn, started by `plantrack serve`.
PLANTRACK_WEB_BIND = os.environ.get("PLANTRACK_WEB_BIND", "127.0.0.1:8000")
PLANTRACK_WEB_WORKERS = envint("PLANTRACK_WEB_WORKERS", 2)
PLANTRACK_WEB_THREADS = envint("PLANTRACK_WEB_THREADS", 4)
PLANTRACK_WEB_TIMEOUT = envint("PLANTRACK_WEB_TIMEOUT", 60)
PLANTRACK_WEB_GRACEFUL_TIMEOUT = envint("PLANTRACK_WEB_GRACEFUL_TIMEOUT", 30)
PLANTRACK_WEB_MAX_REQUESTS = envint("PLANTRACK_WEB_MAX_REQUESTS", 2000)

# The job queue (Django's Tasks interface): the database by default, so SQLite needs nothing else. Another backend
# (Celery, RQ) is a different BACKEND here; the code that enqueues does not change.
INSTALLED_APPS += envlist("PLANTRACK_TASKS_APPS")  # the apps another queue backend needs (docs/operations.md)
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PLANTRACK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "reports", "imports"],
    }
}
# A worker writes a heartbeat every HEARTBEAT seconds; one silent for LEASE seconds is dead and its job is taken up
# again (at most MAX_ATTEMPTS runs in all) or failed with the reason.
PLANTRACK_WORKER_HEARTBEAT_SECONDS = envint("PLANTRACK_WORKER_HEARTBEAT_SECONDS", 5)
PLANTRACK_WORKER_LEASE_SECONDS = envint("PLANTRACK_WORKER_LEASE_SECONDS", 60)
PLANTRACK_JOB_MAX_ATTEMPTS = envint("PLANTRACK_JOB_MAX_ATTEMPTS", 2)
PLANTRACK_JOB_RESULTS_KEEP_DAYS = envint("PLANTRACK_JOB_RESULTS_KEEP_DAYS", 30)
# The daily jobs (supervise, backup) are enqueued by the worker itself at this local time (HH:MM), once a day
# however many workers run.
PLANTRACK_DAILY_JOBS_AT = os.environ.get("PLANTRACK_DAILY_JOBS_AT", "02:00")
# /healthz answers 503 below this much free disk in the data directory.
PLANTRACK_MIN_FREE_DISK_MB = envint("PLANTRACK_MIN_FREE_DISK_MB", 500)
# Imports of files above this size, or (where the preview counted them) of more rows than this, run in the worker
# instead of the request. `make bench` imports 5,000 ledger rows in about 11 s on PostgreSQL and 5 s on SQLite
# (2 CPUs), so 1,000 rows keep the request to about 2 s; a bigger ledger is the worker's, with its progress shown.
PLANTRACK_BACKGROUND_IMPORT_BYTES = envint("PLANTRACK_BACKGROUND_IMPORT_BYTES", 2 * 1024 * 1024)
PLANTRACK_BACKGROUND_IMPORT_ROWS = envint("PLANTRACK_BACKGROUND_IMPORT_ROWS", 1000)
LOGGING["loggers"]["django_tasks_db"] = {"handlers": ["console"], "level": "INFO"}

# Backups (operations/backup.py): where `plantrack backup` without --out and scheduled backups write their dated
# archives, and how many of the newest are kept.
PLANTRACK_BACKUP_DIR = Path(os.environ.get("PLANTRACK_BACKUP_DIR", DATA_DIR / "backups"))
PLANTRACK_BACKUP_KEEP = envint("PLANTRACK_BACKUP_KEEP", 14)


# Project ledgers (重大项目台账, issue 14): the most project rows one ledger file may hold. A region's whole ledger
# is a few thousand; the bound keeps a mistaken or hostile upload from being parsed at all.
PLANTRACK_LEDGER_MAX_ROWS = envint("PLANTRACK_LEDGER_MAX_ROWS", 20_000)
