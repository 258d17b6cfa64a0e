#!/usr/bin/env bash
# Installs the system packages cxq needs on Debian/Ubuntu: libedit-dev (line editing),
# sqlite3 (the benchmark's reference), python3 (the benchmark and terminal tests) and
# rsvg-convert (librsvg2-bin: a test renders cxq's SVG charts to PNG).
# Does nothing when they are already there.
set -euo pipefail
need=()
dpkg -s libedit-dev >/dev/null 2>&1 || need+=(libedit-dev)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v python3 >/dev/null 2>&1 || need+=(python3 python3-pexpect)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
python_tools() {
  # The terminal tests drive cxq through pexpect; a test reads a partitioned export back with the
  # DuckDB CLI (PyPI duckdb-cli).
  python3 -c 'import pexpect' 2>/dev/null || python3 -m pip install -q pexpect
  command -v duckdb >/dev/null 2>&1 || python3 -c 'import duckdb_cli' 2>/dev/null || python3 -m pip install -q duckdb-cli
  # The notebook kernel (kernel/) and its tests: a real Jupyter client and nbconvert.
  python3 -c 'import jupyter_client, ipykernel, nbconvert, nbformat' 2>/dev/null || python3 -m pip install -q jupyter_client ipykernel nbconvert nbformat
}
if [ ${#need[@]} -eq 0 ]; then
  python_tools
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
python_tools
