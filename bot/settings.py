"""Settings from the environment (see CONTRACT.md, "Configuration").

Secrets never appear in reprs or logs: `Secret` hides its value.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

DEV_TOKEN = "quanzhou-gig-dev-token"
DEFAULT_DATABASE_FILE = "quanzhou-gig-bot.db"


class Secret(str):
    """A string that does not show itself in repr() or logs."""

    def __repr__(self) -> str:
        return "Secret('**********')" if self else "Secret('')"


@dataclass(frozen=True)
class Settings:
    wechat_token: Secret = Secret(DEV_TOKEN)
    wechat_app_id: str = ""
    wechat_app_secret: Secret = Secret("")
    wechat_aes_key: Secret = Secret("")
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
    # Turns worked on at once by one process; the rest wait their turn in
    # order. Many half-done turns only make each of them slower (each
    # database round trip waits behind all the others' work) and make the
    # slowest wait for seconds.
    turn_concurrency: int = 8
    dialog_idle_timeout: int = 30 * 60
    outbox_poll_interval: float = 1.0
    # How often new jobs are matched to workers who want pushes.
    push_interval: float = 300.0
    # Tickets nobody touched within this much working time are followed up.
    ticket_sla_hours: float = 2.0
    working_hours: tuple[tuple[float, float], ...] = ((8.5, 12.0), (14.0, 17.5))  # Mon-Fri, Quanzhou time
    # Who the staff group's robot mentions for urgent tickets (WeCom user ids).
    staff_on_duty: tuple[str, ...] = ("@all",)
    key_prefix: str = "qzbot"
    locales_dir: Path | None = None
    log_messages: bool = True
    # The staff group robot's limit (WeCom: 20 messages a minute per robot);
    # lower it when other systems post through the same robot.
    staff_robot_per_minute: int = 20

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
        values = dict(
            wechat_token=Secret(token),
            wechat_app_id=env.get("WECHAT_APP_ID", ""),
            wechat_app_secret=Secret(env.get("WECHAT_APP_SECRET", "")),
            wechat_aes_key=Secret(env.get("WECHAT_ENCODING_AES_KEY", "")),
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
            staff_robot_per_minute=max(1, min(20, int(env.get("STAFF_ROBOT_PER_MINUTE") or 20))),
        )
        if env.get("BOT_LOCALES_DIR"):
            values["locales_dir"] = Path(env["BOT_LOCALES_DIR"])
        values.update(overrides)
        return cls(**values)
