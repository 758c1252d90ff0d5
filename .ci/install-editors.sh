#!/usr/bin/env bash
# Install the real editors that tests/editors/*.test.ts drive as LSP clients:
# Neovim (built-in LSP client) and Emacs with eglot, from Debian's packages.
# Idempotent: does nothing when `nvim` and `emacs` with eglot are already there.
# Must run as root (CI runs as root). Usage: bash .ci/install-editors.sh
set -euo pipefail

have_eglot() {
  command -v emacs >/dev/null 2>&1 || return 1
  emacs -Q --batch --eval "(progn
    (require 'package)
    (add-to-list 'package-directory-list \"/usr/share/emacs/site-lisp/elpa\")
    (package-initialize)
    (kill-emacs (if (require 'eglot nil t) 0 1)))" >/dev/null 2>&1
}

if command -v nvim >/dev/null 2>&1 && have_eglot; then
  echo "install-editors: nvim and emacs with eglot already present, nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-editors: must run as root (apt-get install)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends neovim emacs-nox elpa-eglot

command -v nvim >/dev/null 2>&1 || { echo "install-editors: nvim missing after install" >&2; exit 1; }
have_eglot || { echo "install-editors: emacs with eglot missing after install" >&2; exit 1; }
echo "install-editors: $(nvim --version | head -1); $(emacs --version | head -1)"
