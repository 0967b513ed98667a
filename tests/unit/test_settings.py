"""A Secret shows itself nowhere: not through str(), repr(), f-strings, `%`
formatting, a JSON dump of the settings, an exception's text or a log line;
only `.reveal()` gives the value, to the code that signs and connects."""
from __future__ import annotations

import copy
import json
import logging
import pickle
from dataclasses import asdict, replace

import pytest

from bot.settings import DEV_TOKEN, Secret, Settings

TOKEN = "tok-3f9a1c"
APP_SECRET = "appsecret-77d2e0"
AES_KEY = "aeskey0123456789aeskey0123456789aeskey01234"
WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robotkey-5b8e"
LINK_SECRET = "linksecret-a1b2"
VALUES = (TOKEN, APP_SECRET, AES_KEY, WEBHOOK, LINK_SECRET, "robotkey-5b8e")
ENV = {"WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": "wxapp", "WECHAT_APP_SECRET": APP_SECRET,
       "WECHAT_ENCODING_AES_KEY": AES_KEY, "STAFF_WEBHOOK_URL": WEBHOOK, "EVIDENCE_LINK_SECRET": LINK_SECRET}


@pytest.fixture
def settings() -> Settings:
    return Settings.from_env(ENV)


def leaks(text: str) -> list[str]:
    return [v for v in VALUES if v in text]


def test_every_secret_setting_is_a_secret_that_reveals_its_value(settings):
    got = {name: getattr(settings, name) for name in ("wechat_token", "wechat_app_secret", "wechat_aes_key",
                                                      "staff_webhook_url", "evidence_link_secret")}
    assert all(isinstance(s, Secret) and not isinstance(s, str) for s in got.values())
    assert [s.reveal() for s in got.values()] == [TOKEN, APP_SECRET, AES_KEY, WEBHOOK, LINK_SECRET]


def test_a_secret_shows_only_stars_however_it_is_turned_into_text():
    s = Secret(TOKEN)
    shown = [str(s), repr(s), f"{s}", f"{s!s}", f"{s!r}", f"{s:>20}", "%s" % s, "%r" % (s,), "{}".format(s),
             ascii(s), str([s]), str({"token": s}), str((s,))]
    assert not leaks("\n".join(shown)), shown
    assert str(s) == "**********" and repr(s) == "Secret('**********')"
    assert str(Secret("")) == "" and repr(Secret("")) == "Secret('')", "an empty one says it is empty"


def test_the_settings_show_no_secret_in_their_repr_or_a_json_dump(settings):
    assert not leaks(repr(settings)) and not leaks(str(settings))
    dumped = json.dumps(asdict(settings), default=str)
    assert not leaks(dumped)
    assert json.loads(dumped)["wechat_token"] == "**********"
    with pytest.raises(TypeError):
        json.dumps(settings.wechat_token)   # never written out as itself


def test_a_log_line_or_an_error_with_a_secret_or_the_settings_shows_no_secret(settings, caplog):
    log = logging.getLogger("bot.test")
    with caplog.at_level(logging.INFO, logger="bot.test"):
        log.info("settings: %s", settings)
        log.info("token %s, secret %r", settings.wechat_token, settings.wechat_app_secret)
        log.info(f"robot at {settings.staff_webhook_url}")
        try:
            raise RuntimeError(f"could not connect with {settings.wechat_app_secret}")
        except RuntimeError:
            log.exception("failed")
    assert len(caplog.records) == 4
    assert not leaks(caplog.text), caplog.text


def test_secrets_compare_copy_and_pickle_by_value_and_cannot_be_changed(settings):
    s = Secret(TOKEN)
    assert s == Secret(TOKEN) and s != Secret("other") and s != TOKEN, "equal only to the same Secret"
    assert hash(s) == hash(Secret(TOKEN))
    assert bool(s) and not Secret("")
    for twin in (copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert twin.reveal() == TOKEN
    assert replace(settings, wechat_app_id="wx2").wechat_token.reveal() == TOKEN
    assert settings == Settings.from_env(ENV)
    with pytest.raises(AttributeError):
        s._value = "x"
    with pytest.raises(TypeError):
        Secret(123)


def test_the_development_token_is_still_recognised():
    with pytest.warns(RuntimeWarning):
        s = Settings.from_env({})
    assert s.wechat_token.reveal() == DEV_TOKEN and not s.wechat_app_secret
