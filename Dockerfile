# Mötesplats: one image for the web processes, the Celery workers and beat (compose.yaml runs it).
# Slim Python base; the app runs as an unprivileged user; translations compiled and the engine's numba
# kernels compiled into the image's engine cache (read-only at run time), so that no process compiles at start-up.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MOTESPLATS_HOME=/app \
    MOTESPLATS_VAR=/app/var \
    STATIC_ROOT=/app/static \
    MOTESPLATS_ENGINE_CACHE_DIR=/app/engine-cache \
    DJANGO_SETTINGS_MODULE=motesplats.settings.production

# PostgreSQL's client for `make backup` / `make restore` (translations compile with polib, no gettext).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 motesplats \
 && useradd --system --uid 10001 --gid motesplats --home-dir /app --shell /usr/sbin/nologin motesplats

WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install -r requirements.lock
COPY src ./src
COPY manage.py ./
RUN pip install --no-deps . \
 && python -m motesplats.common.i18n compile \
 && export SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only ALLOWED_HOSTS=localhost \
 && python manage.py collectstatic --noinput \
 && python manage.py warm_engine \
 && mkdir -p /app/var /app/prometheus \
 && chown -R motesplats:motesplats /app/var /app/prometheus

USER motesplats:motesplats
ENV PROMETHEUS_MULTIPROC_DIR=/app/prometheus
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["gunicorn", "motesplats.wsgi:application", "--bind", "0.0.0.0:8000", "--no-control-socket"]
