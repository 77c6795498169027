# The Catalogue app image (used by docker-compose.yml).
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CATALOGUE_DATA_DIR=/data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY catalogue ./catalogue
COPY search ./search
COPY seed ./seed
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir .
COPY --from=frontend /app/node_modules ./node_modules
RUN useradd --system --uid 1000 --home /app catalogue && mkdir -p /data && chown catalogue /data
USER catalogue
EXPOSE 8000
CMD ["sh", "-c", "catalogue db upgrade && catalogue seed && catalogue run --host 0.0.0.0 --port 8000 --workers 2"]
