#!/usr/bin/env bash
# Installs Suricata 7 from Debian's bookworm-backports suite (the detection oracle and performance peer), then
# removes the suite again so the machine's other packages keep coming from bookworm. Needs root.
set -euo pipefail
if command -v suricata >/dev/null && suricata -V 2>/dev/null | grep -q 'version 7'; then
  suricata -V
  exit 0
fi
list=/etc/apt/sources.list.d/mirrorscope-bookworm-backports.list
echo "deb http://deb.debian.org/debian bookworm-backports main" > "$list"
trap 'rm -f "$list"; apt-get update -qq >/dev/null 2>&1 || true' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports suricata >/dev/null
suricata -V
