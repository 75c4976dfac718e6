#!/usr/bin/env bash
# Serve the dashboard to the network, but only when access control is configured
# (.streamlit/secrets.toml with [auth] or [passwords], or CRM_OKR_EDITOR_PASSWORD in the environment).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8501}"
if [ -z "${CRM_OKR_EDITOR_PASSWORD:-}" ] && [ -z "${CRM_OKR_VIEWER_PASSWORD:-}" ] \
   && ! grep -qE '^\[(auth|passwords)\]' .streamlit/secrets.toml 2>/dev/null; then
  echo "Refusing to serve to the network without access control: set CRM_OKR_EDITOR_PASSWORD (and" >&2
  echo "CRM_OKR_VIEWER_PASSWORD) or configure [auth] / [passwords] in .streamlit/secrets.toml; see README." >&2
  exit 2
fi
exec .venv/bin/python -m streamlit run app.py --server.address 0.0.0.0 --server.port "$PORT"
