#!/bin/sh
# The image's entry point: migrate, seed a new (empty) database once, then *become* the
# server with exec, so uvicorn is PID 1, receives SIGTERM and shuts down gracefully.
# Arguments are passed to `catalogue run` (the image's CMD gives --workers).
set -eu
catalogue db upgrade
catalogue seed --if-empty
exec catalogue run --host "${CATALOGUE_HOST:-0.0.0.0}" --port "${CATALOGUE_PORT:-8000}" "$@"
