#!/usr/bin/env bash
# Installs the benchmark's peers; never needed for tests or for running mirrorscope.
#  - npm `pcap` 3.1.0 for its pure-JS decoders, into bench/.peers, without building its native libpcap addon.
#  - with --apt (as root): tcpdump, tshark and softflowd from Debian.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/.peers"
if [ ! -d "$here/.peers/node_modules/pcap" ]; then
  (cd "$here/.peers" && [ -f package.json ] || echo '{"name":"mirrorscope-bench-peers","private":true}' > "$here/.peers/package.json")
  npm install --prefix "$here/.peers" --ignore-scripts --no-audit --no-fund pcap@3.1.0 >/dev/null
fi
if [ "${1:-}" = "--apt" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tcpdump tshark softflowd >/dev/null
fi
echo "peers ready in $here/.peers"
