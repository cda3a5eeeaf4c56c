"""The production settings, as the benchmark's gunicorn serves them on 127.0.0.1 (docs/performance.md).

Everything is config.settings.production (DEBUG off, hashed static files served by WhiteNoise, secure cookies,
PBKDF2 passwords), with what a benchmark on one machine needs instead of a real deployment:
- the runner sets SECRET_KEY (a throwaway), DATABASE_URL, ALLOWED_HOSTS=127.0.0.1 and SECURE_SSL_REDIRECT=0,
  and its client sends X-Forwarded-Proto: https, as the proxy in docs/deployment.md does;
- static files are collected into a temporary folder (BENCH_STATIC_ROOT) rather than the project's staticfiles/;
- files built by background jobs go to a temporary folder (MEDIA_ROOT, set by the runner).
"""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
