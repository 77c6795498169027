# The Catalogue app image (used by docker-compose.yml). Layers go from least to most often
# changed, so a code change rebuilds only the last two steps of the build stage.

# 1. Front-end files from npm (runtime dependencies only), copied into the package tree.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY scripts/vendor-assets.mjs scripts/
RUN node scripts/vendor-assets.mjs

# 2. Python dependencies from the hash-pinned lock file, then the package itself.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes -r /tmp/requirements.lock
WORKDIR /src
COPY pyproject.toml README.md ./
COPY search ./search
COPY seed ./seed
COPY catalogue ./catalogue
COPY --from=frontend /src/catalogue/static/vendor ./catalogue/static/vendor
RUN /venv/bin/pip install --no-deps .

# 3. The runtime: the virtual environment and the entry point, nothing else.
FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CATALOGUE_DATA_DIR=/data
COPY --from=build /venv /venv
COPY docker/entrypoint.sh /usr/local/bin/catalogue-entrypoint
RUN useradd --system --uid 1000 --no-create-home catalogue && mkdir -p /data && chown catalogue /data
USER catalogue
WORKDIR /data
EXPOSE 8000
ENTRYPOINT ["catalogue-entrypoint"]
CMD ["--workers", "2"]
