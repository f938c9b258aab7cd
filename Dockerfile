# grantmatch production image: gunicorn serving the app factory as a non-root user.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    GRANTMATCH_INSTANCE_PATH=/var/lib/grantmatch GRANTMATCH_CATALOG_PATH=/app/catalog_data

WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY grantmatch ./grantmatch
COPY catalog_data ./catalog_data
RUN pip install . \
 && pybabel compile -d grantmatch/web/translations -D messages \
 && pip install --force-reinstall --no-deps . \
 && useradd --system --uid 10001 --home /var/lib/grantmatch grantmatch \
 && mkdir -p /var/lib/grantmatch && chown grantmatch /var/lib/grantmatch

USER grantmatch
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"

# Migrate and seed an empty catalogue, then serve. GRANTMATCH_SECRET_KEY must be set.
CMD ["sh", "-c", "grantmatch catalog seed && exec gunicorn --workers ${GUNICORN_WORKERS:-3} --bind ${GUNICORN_BIND:-0.0.0.0:8000} --timeout 60 --access-logfile - 'grantmatch.web:create_app()'"]
