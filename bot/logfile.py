"""The optional log file (LOG_FILE): rotated at midnight, Quanzhou time,
with LOG_RETENTION_DAYS days kept; older files are deleted by the rotation.

The bot always logs to stdout, which belongs to the platform (docker's log
driver, systemd's journal): its retention is set there (README, "Security
and privacy"). What the bot logs carries no phone, name or message text:
users appear as the last 8 characters of their openid.
"""
from __future__ import annotations

import logging
import logging.handlers
import time
from datetime import datetime

from bot.clock import QUANZHOU
from bot.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class QuanzhouRotatingFileHandler(logging.handlers.TimedRotatingFileHandler):
    """Daily files whose day is Quanzhou's, whatever the host's time zone."""

    def computeRollover(self, currentTime: int) -> int:  # noqa: N802 (the logging API's name)
        now = datetime.fromtimestamp(currentTime, QUANZHOU)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp() + 86400
        return int(midnight)


class QuanzhouFormatter(logging.Formatter):
    """Log lines stamped in Quanzhou time, whatever the host's zone. Every
    message writes a line: the stamp's date and time are made once a second,
    not once a line (the milliseconds are added to each)."""

    def __init__(self, fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.converter = lambda secs: datetime.fromtimestamp(secs or 0.0, QUANZHOU).timetuple()
        self._second: int | None = None
        self._stamp = ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        if second != self._second:
            self._stamp = time.strftime(self.default_time_format, self.converter(second))
            self._second = second
        return f"{self._stamp},{int(record.msecs):03d}"   # logging's default_msec_format, '%s,%03d'


def quanzhou_formatter() -> logging.Formatter:
    """Log lines stamped in Quanzhou time, whatever the host's zone."""
    return QuanzhouFormatter(FORMAT)


def add_log_file(settings: Settings) -> logging.Handler | None:
    """Also log to settings.log_file, if set; the handler added."""
    if not settings.log_file:
        return None
    handler = QuanzhouRotatingFileHandler(settings.log_file, when="midnight",
                                          backupCount=max(1, settings.log_retention_days), encoding="utf-8")
    handler.setFormatter(quanzhou_formatter())
    logging.getLogger().addHandler(handler)
    return handler
