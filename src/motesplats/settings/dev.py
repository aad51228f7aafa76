"""Development and demo: DEBUG on, console e-mail, tasks in-process."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("LOG_FORMAT", "text")

from .base import *  # noqa: E402,F403

DEBUG = True
NETWORKING_RUN_TASKS_IN_THREAD = True  # without a broker the demo still shows planning progress
