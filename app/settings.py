"""Deployment settings: one class, every value overridable by an ``ONMESSAGE_`` variable."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-development-only-secret"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ONMESSAGE_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = Field(
        "development", description="`production` refuses default secrets and demo data."
    )
    secret_key: str = Field(DEFAULT_SECRET, description="Signs cookies and CSRF tokens.")
    data_dir: Path = Field(Path("data"), description="Where the SQLite file and recordings live.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; default is SQLite in the data directory. "
        "Use postgresql+psycopg://user@host/db for scale-out.",
    )
    db_pool_size: int = Field(
        30, ge=1, le=500,
        description="PostgreSQL connections each server or worker process keeps open at "
        "most (a request holds one while it runs). Keep processes x this under the "
        "server's max_connections.",
    )
    redis_url: str | None = Field(
        None, description="When set, transcription jobs go to a Redis queue served by "
        "`onmessage worker`; otherwise they run in-process."
    )
    whisper_model: str | None = Field(
        None, description="Whisper model name (e.g. base.en) or local path; default tiny.en "
        "from the bundled offline package."
    )
    whisper_preload: bool = Field(True, description="Load the Whisper model as the service "
                                  "starts (in the job worker), not at the first upload.")
    base_url: str = Field(DEFAULT_BASE_URL, description="Public address: invite links, and "
                          "the issuer and verification address of credentials.")
    demo: bool = Field(False, description="Seed and allow the demo organisation.")
    session_days: int = Field(14, ge=1, description="How long a sign-in lasts.")
    token_days: int = Field(30, ge=1, description="How long an API token lasts.")
    invite_hours: int = Field(72, ge=1, description="How long an invite link stays valid.")
    # Sign-in throttling. Pauses are per account *and* address, so wrong passwords from
    # elsewhere never lock a person out from their own address; the per-address limit
    # stops one address trying a few passwords on many accounts.
    login_free_failures: int = Field(3, ge=1, description="Wrong passwords for an account "
                                     "from one address before sign-ins from there pause.")
    login_backoff_seconds: int = Field(15, ge=1, description="The first pause; each further "
                                       "failure doubles it.")
    login_backoff_max_minutes: int = Field(15, ge=1, description="The longest pause.")
    login_max_failures_per_address: int = Field(20, ge=1, description="Failed sign-ins from "
                                                "one address, any accounts, before it pauses.")
    login_failure_window_minutes: int = Field(15, ge=1, description="The window (and pause) "
                                              "of the per-address limit.")
    max_upload_mb: int = Field(25, ge=1, description="Largest accepted upload (recordings, CSV).")
    max_import_rows: int = Field(10_000, ge=1, description="Most users one CSV import may "
                                 "hold; a bigger file is refused before any row is checked.")
    max_recording_s: int = Field(300, ge=10, description="Longest accepted pitch recording, "
                                 "in seconds.")
    lrs_url: str | None = Field(
        None, description="xAPI Learning Record Store endpoint (e.g. https://lrs/xAPI/); when "
        "set, learning records are sent there. They are always kept for `onmessage export xapi`."
    )
    lrs_username: str | None = Field(None, description="LRS basic-auth user name.")
    lrs_password: str | None = Field(None, description="LRS basic-auth password.")
    lrs_timeout_s: float = Field(10.0, gt=0, description="Seconds to wait for the LRS per "
                                 "statement before trying again later.")
    smtp_host: str | None = Field(
        None, description="SMTP server for certification notices and digests by email; "
        "unset: in-app only."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP port (465 means TLS from "
                           "the start; otherwise STARTTLS is used when offered).")
    smtp_username: str | None = Field(None, description="SMTP user name (optional).")
    smtp_password: str | None = Field(None, description="SMTP password (optional).")
    smtp_from: str = Field("onmessage@localhost",
                           description="The From address of notices and digests.")
    # Enterprise identity (app/identity): single sign-on and SCIM. Providers, SCIM tokens
    # and group mappings are set on /admin/identity; these are the deployment-wide rules.
    password_sign_in: bool = Field(True, description="Email and password sign-in for "
                                   "everyone; false: only the break-glass admins may use it "
                                   "(everyone else signs in with single sign-on).")
    break_glass_admins: str = Field("", description="Comma-separated emails of admins who may "
                                    "always sign in with a password (when the provider is down).")
    sso_timeout_s: float = Field(10.0, gt=0, description="Seconds to wait for a sign-in "
                                 "provider (discovery, keys, token exchange).")

    # Live practice (app/live): takes streamed over a WebSocket are transcribed in the web
    # process that holds the socket, so each process admits only this many at once.
    live_max_sessions: int | None = Field(None, ge=0, description="Live takes one server "
                                          "process transcribes at once (default: half the "
                                          "CPU cores, at least 1); more are refused with a "
                                          "pointer to the upload flow. 0 turns live off.")

    @model_validator(mode="after")
    def _refuse_defaults_in_production(self) -> Settings:
        if self.environment == "production":
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ValueError(
                    "ONMESSAGE_SECRET_KEY must be set to a random value of 32+ characters "
                    "in production (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            if self.demo:
                raise ValueError("ONMESSAGE_DEMO cannot be enabled in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'onmessage.db').resolve()}"

    @property
    def break_glass_emails(self) -> frozenset[str]:
        return frozenset(e.strip().lower() for e in self.break_glass_admins.split(",")
                         if e.strip())

    @property
    def live_sessions(self) -> int:
        """The live-take slots of one process: the setting, or half the CPU cores (the
        passes of simultaneous takes share one Whisper model and the cores)."""
        if self.live_max_sessions is not None:
            return self.live_max_sessions
        return max(1, (os.cpu_count() or 2) // 2)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
