"""Settings from the environment (see CONTRACT.md, "Configuration").

Secrets never appear in reprs, logs or formatted text: `Secret` hides its
value; `.reveal()` gives it to the code that uses it.
"""
from __future__ import annotations

import hmac
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEV_TOKEN = "quanzhou-gig-dev-token"
DEFAULT_DATABASE_FILE = "quanzhou-gig-bot.db"


class Secret:
    """A value that must not be shown: a token, a key, a URL that carries
    one. It is not a string, so it cannot slip into a log line, an f-string,
    `%` formatting, a JSON document or an exception's text as itself: all of
    those show `**********` (or nothing when it is empty). The few places
    that need the value (signing, the token request, the robot's address,
    link keys) ask for it by name: `secret.reveal()`."""

    __slots__ = ("_value",)
    _value: str
    MASK = "**********"

    def __init__(self, value: str = "") -> None:
        if not isinstance(value, str):
            raise TypeError(f"a Secret holds a str, not {type(value).__name__}")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The value itself, for the code that has to use it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return self.MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret('{self}')"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Secret cannot be changed")

    def __reduce__(self) -> tuple[type["Secret"], tuple[str]]:
        return (Secret, (self._value,))


@dataclass(frozen=True)
class Settings:
    wechat_token: Secret = Secret(DEV_TOKEN)
    wechat_app_id: str = ""
    wechat_app_secret: Secret = Secret("")
    wechat_aes_key: Secret = Secret("")
    # With an AES key set, plaintext POSTs are refused unless this is on
    # (a test harness; a live account in safe mode leaves it off).
    wechat_allow_plaintext: bool = False
    wechat_api_base: str = "https://api.weixin.qq.com"
    database_url: str = f"sqlite+aiosqlite:///{DEFAULT_DATABASE_FILE}"
    redis_url: str = ""
    staff_webhook_url: Secret = Secret("")
    staff_openids: frozenset[str] = field(default_factory=frozenset)
    default_locale: str = "zh_CN"
    # Template message ids (optional); without them fallback is not possible.
    template_notice_id: str = ""
    # Seconds a passive reply may take before we answer `success` and send
    # the answer through the customer-service API instead (WeChat waits 5 s).
    reply_budget: float = 4.0
    # How long a resent message is recognised (WeChat retries 3 times within
    # ~15 s; the margin covers slow networks and clock skew).
    dedup_ttl: int = 300
    # A signed request is taken only within this many seconds of its
    # timestamp, and its nonce is remembered (with a digest of its body) as
    # long: a captured signature cannot be replayed later or with another body.
    signature_max_age: int = 300
    # Turns worked on at once by one process; the rest wait their turn in
    # order. Many half-done turns only make each of them slower (each
    # database round trip waits behind all the others' work) and make the
    # slowest wait for seconds.
    turn_concurrency: int = 8
    # Messages one user may send in a minute before being asked to slow
    # down (0: no limit). A person typing or speaking sends a few; a script
    # or a stuck phone sends hundreds.
    user_rate_limit: int = 30
    # The in-process store keeps at most this many keys (dialogs of users
    # long silent go first); Redis is bounded by its own maxmemory policy.
    memory_store_max_keys: int = 20_000
    # Seconds to wait for Redis to connect or answer before a turn fails
    # (and WeChat's resend is left to try again).
    redis_timeout: float = 3.0
    # Seconds to keep trying the database at start before giving up.
    database_start_wait: float = 60.0
    dialog_idle_timeout: int = 30 * 60
    outbox_poll_interval: float = 1.0
    # How often new jobs are matched to workers who want pushes.
    push_interval: float = 300.0
    # How often each process looks whether staff changed courses, markets or
    # policies in the database (one small query), to use the change.
    staff_data_refresh: float = 2.0
    open_jobs_refresh: float = 1.0     # seconds between looks for jobs written (the in-process index)
    # Tickets nobody touched within this much working time are followed up.
    ticket_sla_hours: float = 2.0
    working_hours: tuple[tuple[float, float], ...] = ((8.5, 12.0), (14.0, 17.5))  # Mon-Fri, Quanzhou time
    # Who the staff group's robot mentions for urgent tickets (WeCom user ids).
    staff_on_duty: tuple[str, ...] = ("@all",)
    key_prefix: str = "qzbot"
    locales_dir: Path | None = None
    # Abuse limits (0: no limit). Job posts an employer may publish and
    # applications a worker may make in one Quanzhou calendar day.
    daily_post_limit: int = 10
    daily_application_limit: int = 20
    # A user who writes again on an open ticket ("human" asked for again, the same
    # complaint sent twice) adds to it; staff hear of it at most this often,
    # or at once when they have answered since.
    ticket_repeat_notice_minutes: float = 30.0
    # Complaint evidence (bot/services/evidence.py): the bot's public address
    # for links staff open, where the bytes are kept (empty: in the database),
    # the key that signs links (empty: derived from WECHAT_APP_SECRET) and how
    # long a link works.
    public_base_url: str = ""
    evidence_dir: str = ""
    evidence_link_secret: Secret = Secret("")
    evidence_link_hours: float = 7 * 24.0
    evidence_poll_interval: float = 1.0
    evidence_retry_base: float = 5.0
    # ---- privacy: how long things are kept, in days (README, "Security and
    # privacy"); the periodic loop purges or anonymises what is older.
    retention_outbox_days: float = 30.0        # messages sent, recorded or given up on
    retention_push_log_days: float = 60.0      # which jobs were pushed to whom (at least 31: no job twice)
    retention_inbox_days: float = 7.0          # answers kept so a resend changes nothing twice (at least 1)
    retention_ticket_days: float = 365.0       # closed tickets, then anonymised (statistics stay)
    retention_alert_days: float = 7.0          # "tell me" searches, after they expire
    retention_engagement_days: float = 365.0   # rating comments and old jobs' contacts, after the work ended
    # An optional log file, rotated at midnight, LOG_RETENTION_DAYS files kept
    # (stdout belongs to the platform: docker, systemd; see the README).
    log_file: str = ""
    log_retention_days: int = 14
    # The staff group robot's limit (WeCom: 20 messages a minute per robot);
    # lower it when other systems post through the same robot.
    staff_robot_per_minute: int = 20
    # The staff console's WeCom web login (#15): the corp id, the app's agent
    # id and secret (WeCom admin: the console's own app); all three set
    # turns it on. The API base is for tests (a local fake).
    staff_wecom_corp_id: str = ""
    staff_wecom_agent_id: str = ""
    staff_wecom_secret: Secret = Secret("")
    staff_wecom_api_base: str = "https://qyapi.weixin.qq.com"

    @property
    def staff_wecom_enabled(self) -> bool:
        return bool(self.staff_wecom_corp_id and self.staff_wecom_agent_id and self.staff_wecom_secret)

    @property
    def outbound_wechat_enabled(self) -> bool:
        return bool(self.wechat_app_id and self.wechat_app_secret)

    @property
    def database_kind(self) -> str:
        return self.database_url.split(":", 1)[0].split("+", 1)[0]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        token = env.get("WECHAT_TOKEN", "")
        if not token:
            warnings.warn(
                "WECHAT_TOKEN is not set: using the development token; "
                "set it to the token of your official account before going live",
                RuntimeWarning, stacklevel=2)
            token = DEV_TOKEN
        staff = frozenset(s.strip() for s in env.get("STAFF_OPENIDS", "").split(",") if s.strip())
        locale = env.get("BOT_LOCALE", "zh_CN") or "zh_CN"
        if locale not in ("zh_CN", "en"):
            locale = "zh_CN"
        values: dict[str, Any] = dict(
            wechat_token=Secret(token),
            wechat_app_id=env.get("WECHAT_APP_ID", ""),
            wechat_app_secret=Secret(env.get("WECHAT_APP_SECRET", "")),
            wechat_aes_key=Secret(env.get("WECHAT_ENCODING_AES_KEY", "")),
            wechat_allow_plaintext=_flag(env.get("WECHAT_ALLOW_PLAINTEXT", "")),
            wechat_api_base=(env.get("WECHAT_API_BASE") or "https://api.weixin.qq.com").rstrip("/"),
            database_url=env.get("DATABASE_URL") or f"sqlite+aiosqlite:///{DEFAULT_DATABASE_FILE}",
            redis_url=env.get("REDIS_URL", ""),
            staff_webhook_url=Secret(env.get("STAFF_WEBHOOK_URL", "")),
            staff_openids=staff,
            default_locale=locale,
            template_notice_id=env.get("WECHAT_TEMPLATE_NOTICE_ID", ""),
            staff_on_duty=tuple(s.strip() for s in env.get("STAFF_ON_DUTY", "@all").split(",") if s.strip()),
            ticket_sla_hours=float(env.get("TICKET_SLA_HOURS") or 2.0),
            turn_concurrency=max(1, int(env.get("TURN_CONCURRENCY") or 8)),
            user_rate_limit=max(0, int(env.get("USER_RATE_LIMIT") or 30)),
            memory_store_max_keys=max(100, int(env.get("MEMORY_STORE_MAX_KEYS") or 20_000)),
            redis_timeout=float(env.get("REDIS_TIMEOUT") or 3.0),
            database_start_wait=float(env.get("DATABASE_START_WAIT") or 60.0),
            daily_post_limit=max(0, int(env.get("DAILY_POST_LIMIT") or 10)),
            daily_application_limit=max(0, int(env.get("DAILY_APPLICATION_LIMIT") or 20)),
            ticket_repeat_notice_minutes=max(0.0, float(env.get("TICKET_REPEAT_NOTICE_MINUTES") or 30.0)),
        )
        values.update(
            public_base_url=(env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/"),
            evidence_dir=(env.get("EVIDENCE_DIR") or "").strip(),
            evidence_link_secret=Secret(env.get("EVIDENCE_LINK_SECRET", "")),
            evidence_link_hours=max(0.1, float(env.get("EVIDENCE_LINK_HOURS") or 7 * 24.0)),
            staff_robot_per_minute=max(1, min(20, int(env.get("STAFF_ROBOT_PER_MINUTE") or 20))),
            staff_wecom_corp_id=(env.get("STAFF_WECOM_CORP_ID") or "").strip(),
            staff_wecom_agent_id=(env.get("STAFF_WECOM_AGENT_ID") or "").strip(),
            staff_wecom_secret=Secret((env.get("STAFF_WECOM_SECRET") or "").strip()),
            staff_wecom_api_base=(env.get("STAFF_WECOM_API_BASE") or "https://qyapi.weixin.qq.com").rstrip("/"),
        )
        if env.get("BOT_LOCALES_DIR"):
            values["locales_dir"] = Path(env["BOT_LOCALES_DIR"])
        values.update(_privacy_from_env(env))
        values.update(overrides)
        return cls(**values)


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")
# ---- privacy settings ----------------------------------------------------------
# (variable, field, default, least allowed): a shorter period would break
# what the data is kept for (a job pushed twice, a resend handled twice).
RETENTION = (
    ("RETENTION_OUTBOX_DAYS", "retention_outbox_days", 30.0, 2.0),
    ("RETENTION_PUSH_LOG_DAYS", "retention_push_log_days", 60.0, 31.0),
    ("RETENTION_INBOX_DAYS", "retention_inbox_days", 7.0, 1.0),
    ("RETENTION_TICKET_DAYS", "retention_ticket_days", 365.0, 1.0),
    ("RETENTION_ALERT_DAYS", "retention_alert_days", 7.0, 0.0),
    ("RETENTION_ENGAGEMENT_DAYS", "retention_engagement_days", 365.0, 2.0),
)


def _privacy_from_env(env) -> dict:
    values: dict = {}
    for var, name, default, least in RETENTION:
        raw = env.get(var, "")
        try:
            days = float(raw) if raw.strip() else default
        except ValueError:
            warnings.warn(f"{var}={raw!r} is not a number of days: using {default:g}", RuntimeWarning, stacklevel=3)
            days = default
        if days < least:
            warnings.warn(f"{var}={days:g} is below the least allowed, {least:g} days: using {least:g}",
                          RuntimeWarning, stacklevel=3)
            days = least
        values[name] = days
    values["log_file"] = env.get("LOG_FILE", "")
    try:
        values["log_retention_days"] = max(1, int(env.get("LOG_RETENTION_DAYS") or 14))
    except ValueError:
        values["log_retention_days"] = 14
    return values
