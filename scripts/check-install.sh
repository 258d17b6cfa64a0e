#!/usr/bin/env bash
# Checks `make install` and `make uninstall` into a scratch DESTDIR: every file lands where it
# should, the installed binary answers `cxq -c help`, the completion scripts pass their shells'
# syntax checks (bash -n; zsh -n and fish --no-execute where installed), the man page renders.
# Usage: scripts/check-install.sh [INSTALL_FROM]   (release, the default, or debug)
set -euo pipefail
cd "$(dirname "$0")/.."
from=${1:-release}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make -s install INSTALL_FROM="$from" DESTDIR="$dest" PREFIX=/usr/local >/dev/null
root="$dest/usr/local"
for f in bin/cxq share/man/man1/cxq.1 share/bash-completion/completions/cxq share/zsh/site-functions/_cxq \
         share/fish/vendor_completions.d/cxq.fish; do
  [ -s "$root/$f" ] || { echo "missing: $root/$f" >&2; exit 1; }
done
[ -x "$root/bin/cxq" ] || { echo "not executable: $root/bin/cxq" >&2; exit 1; }
if file "$root/bin/cxq" 2>/dev/null | grep -q "not stripped"; then echo "not stripped: $root/bin/cxq" >&2; exit 1; fi
"$root/bin/cxq" --no-rc -c 'help' | grep -q '^  load CAMPAIGN' || { echo "the installed cxq does not answer 'cxq -c help'" >&2; exit 1; }
"$root/bin/cxq" --version | grep -q '^cxq [0-9]' || { echo "the installed cxq does not answer 'cxq --version'" >&2; exit 1; }
bash -n "$root/share/bash-completion/completions/cxq"
if command -v zsh >/dev/null; then zsh -n "$root/share/zsh/site-functions/_cxq"; else echo "zsh not installed: zsh -n skipped"; fi
if command -v fish >/dev/null; then fish --no-execute "$root/share/fish/vendor_completions.d/cxq.fish"; else echo "fish not installed: fish --no-execute skipped"; fi
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww "$root/share/man/man1/cxq.1" 2>&1 >/dev/null || true)
  if [ -n "$warnings" ]; then echo "the man page has groff warnings: $warnings" >&2; exit 1; fi
  page=$(groff -man -Tascii -P-cbou "$root/share/man/man1/cxq.1")
  echo "$page" | grep -q "EXIT STATUS" || { echo "the man page does not render" >&2; exit 1; }
  helps=$(echo "$page" | grep -c -- "-h, --help" || true)
  [ "$helps" -eq 1 ] || { echo "the man page lists -h, --help $helps times" >&2; exit 1; }
  echo "$page" | grep -q -- "--version" || { echo "the man page does not list --version" >&2; exit 1; }
fi
make -s uninstall DESTDIR="$dest" PREFIX=/usr/local
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "uninstall left $left files" >&2; exit 1; }
echo "install: ok ($from build; files, help, completions, man page, uninstall)"
