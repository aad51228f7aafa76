"""A mail backend for benchmarks: it accepts each message after a fixed delay (an SMTP round trip) and keeps
nothing. Set with EMAIL_BACKEND=bench.mail_sink.SlowSinkBackend and MAIL_SINK_MS (default 5)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class SlowSinkBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        delay = float(os.environ.get("MAIL_SINK_MS", "5")) / 1000
        for message in email_messages:
            message.message()  # build the MIME message as SMTP would
            time.sleep(delay)
        return len(email_messages)
