#!/bin/bash
# EC2 user data for a mirrorscope Traffic Mirroring target, for Amazon Linux 2023 (x86_64 or arm64).
#
# What it does, in order:
#   1. installs Node.js 20 from the AL2023 repository (packages nodejs20, nodejs20-npm) and pins /usr/bin/node;
#   2. creates the unprivileged system user `mirrorscope`;
#   3. fetches a mirrorscope source archive (https:// or s3:// placeholder below) into /opt/mirrorscope and builds
#      it: `npm ci` (its `prepare` script runs tsc, a dev dependency, so `npm ci --omit=dev` cannot build), then
#      `npm prune --omit=dev` to drop the build tools;
#   4. installs the rules (placeholder: a file you provide, or an empty local.rules) and checks that they load;
#   5. installs /etc/sysctl.d/90-mirrorscope.conf (net.core.rmem_max 64 MiB) and applies it;
#   6. installs /etc/mirrorscope/mirrorscope.env and the systemd unit, starts it, and waits for /healthz.
#
# The archive must contain the repository's deploy/ folder (a `git archive` or GitHub source tarball does; an
# `npm pack` tarball does not). An archive that already holds dist/ and production node_modules/ (built by
# your CI on the same CPU architecture) is used as is, with no build on the instance.
#
# Re-running it is safe: it replaces /opt/mirrorscope, keeps an existing /etc/mirrorscope/mirrorscope.env and
# rules, and restarts the service. cloud-init writes its output to /var/log/cloud-init-output.log.
#
# MTU: for a standalone instance (ENI) target, a mirrored packet larger than this instance's MTU is truncated
# [TM-LIM, TM-CONS]. Mirroring adds 54 bytes (IPv4) or 74 bytes (IPv6), so set the SOURCE instances' MTU at least
# 54/74 bytes below this target's MTU (e.g. 8947 for a 9001 target). Behind a GWLB the limit is 8500 (largest
# untruncated packet 8446 IPv4 / 8426 IPv6). This script prints this instance's MTU; it does not change it.
# See deploy/README.md, "MTU and truncation".

set -euo pipefail

# ===============================================================================================================
# PLACEHOLDERS: set these before launching. Everything marked __REPLACE_ME__ must be replaced.
# ===============================================================================================================

# Where to get mirrorscope: an https:// URL of a .tar.gz, or an s3://bucket/key object (fetched with the AWS CLI
# preinstalled on AL2023; the instance profile needs s3:GetObject on it).
MIRRORSCOPE_SOURCE="__REPLACE_ME__"                # e.g. s3://my-artifacts/mirrorscope/mirrorscope-0.1.0.tar.gz
# Optional: its SHA-256 (hex). When set, a mismatch stops the script.
MIRRORSCOPE_SOURCE_SHA256=""

# Optional: a rules file (Suricata syntax) to install as /etc/mirrorscope/rules/mirrorscope.rules, as an https://
# URL or s3:// object. Fetching ET Open (e.g. with suricata-update) is out of scope here: produce the file
# elsewhere and point this at it. Empty: an empty placeholder local.rules is installed (no alerts until you add
# rules and run `systemctl reload mirrorscope`).
MIRRORSCOPE_RULES_SOURCE=""                        # e.g. s3://my-artifacts/rules/emerging-all.rules

# ===============================================================================================================

readonly INSTALL_DIR=/opt/mirrorscope
readonly CONF_DIR=/etc/mirrorscope
readonly RULES_DIR=${CONF_DIR}/rules
readonly SERVICE_USER=mirrorscope
readonly MIN_NODE=20.19.0

log() { echo "mirrorscope-user-data: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ ${MIRRORSCOPE_SOURCE} == "__REPLACE_ME__" || -z ${MIRRORSCOPE_SOURCE} ]]; then
  die "set MIRRORSCOPE_SOURCE (https:// or s3:// URL of the mirrorscope archive) at the top of this script"
fi

# cloud-init runs user data as root, possibly without HOME; npm needs one for its cache.
export HOME=${HOME:-/root}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# fetch SOURCE DEST: https:// with curl, s3:// with the AWS CLI.
fetch() {
  case $1 in
    s3://*) aws s3 cp --only-show-errors "$1" "$2" ;;
    https://*) curl -fsSL --retry 5 --retry-connrefused -o "$2" "$1" ;;
    *) die "unsupported URL (use https:// or s3://): $1" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------------
# 1. Node.js 20
# ---------------------------------------------------------------------------------------------------------------
log "installing Node.js 20"
dnf install -y nodejs20 nodejs20-npm tar gzip
# AL2023 installs /usr/bin/node-20 and points /usr/bin/node at the active version with `alternatives`; pin it, so
# the unit's /usr/bin/node stays Node 20 even if another nodejs package is installed later.
if alternatives --display node >/dev/null 2>&1; then
  alternatives --set node /usr/bin/node-20
fi
[[ -x /usr/bin/node ]] || ln -s node-20 /usr/bin/node
NPM=$(command -v npm-20 || command -v npm) || die "npm not found after installing nodejs20-npm"

node_version=$(/usr/bin/node -p 'process.versions.node')
[[ ${node_version%%.*} == 20 ]] || die "/usr/bin/node is ${node_version}, expected Node.js 20"
if [[ $(printf '%s\n%s\n' "${MIN_NODE}" "${node_version}" | sort -V | head -n1) != "${MIN_NODE}" ]]; then
  die "mirrorscope needs Node.js >= ${MIN_NODE} (package.json engines); /usr/bin/node is ${node_version}"
fi
log "node ${node_version}, npm $("${NPM}" --version)"

# ---------------------------------------------------------------------------------------------------------------
# 2. Service user (no login, no home of its own; state lives in /var/lib/mirrorscope, made by systemd)
# ---------------------------------------------------------------------------------------------------------------
if ! id -u "${SERVICE_USER}" >/dev/null 2>&1; then
  log "creating user ${SERVICE_USER}"
  useradd --system --user-group --no-create-home --home-dir /var/lib/mirrorscope \
    --shell /sbin/nologin --comment "mirrorscope mirror target" "${SERVICE_USER}"
fi

# ---------------------------------------------------------------------------------------------------------------
# 3. Fetch and build mirrorscope into /opt/mirrorscope (owned by root, read-only for the service)
# ---------------------------------------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

log "fetching ${MIRRORSCOPE_SOURCE}"
fetch "${MIRRORSCOPE_SOURCE}" "${work}/mirrorscope.tar.gz"
if [[ -n ${MIRRORSCOPE_SOURCE_SHA256} ]]; then
  echo "${MIRRORSCOPE_SOURCE_SHA256}  ${work}/mirrorscope.tar.gz" | sha256sum --check --status \
    || die "SHA-256 of ${MIRRORSCOPE_SOURCE} does not match MIRRORSCOPE_SOURCE_SHA256"
fi
mkdir "${work}/src"
tar -xzf "${work}/mirrorscope.tar.gz" -C "${work}/src" --no-same-owner
# Source archives usually hold one top-level directory (mirrorscope-0.1.0/); accept that or a flat archive.
src=${work}/src
if [[ ! -f ${src}/package.json ]]; then
  mapfile -t tops < <(find "${src}" -mindepth 1 -maxdepth 1)
  [[ ${#tops[@]} -eq 1 && -f ${tops[0]}/package.json ]] || die "no package.json at the top of the archive"
  src=${tops[0]}
fi
[[ -d ${src}/deploy ]] || die "the archive has no deploy/ folder (use a source archive, not an npm pack tarball)"

rm -rf "${INSTALL_DIR}.new"
mv "${src}" "${INSTALL_DIR}.new"
cd "${INSTALL_DIR}.new"
if [[ -f dist/bundle/main.js && -d node_modules ]]; then
  log "archive is prebuilt (dist/ and node_modules/ present): no build"
else
  log "building: npm ci (prepare compiles with tsc and bundles the CLI), then npm prune --omit=dev"
  "${NPM}" ci
  "${NPM}" prune --omit=dev
fi
[[ -f dist/bundle/main.js ]] || die "build produced no dist/bundle/main.js"
cd /
# Build first, stop second: the service is down only for the swap (a re-run on a live target).
systemctl stop mirrorscope.service 2>/dev/null || true
rm -rf "${INSTALL_DIR}.old"
if [[ -e ${INSTALL_DIR} ]]; then mv "${INSTALL_DIR}" "${INSTALL_DIR}.old"; fi
mv "${INSTALL_DIR}.new" "${INSTALL_DIR}"
rm -rf "${INSTALL_DIR}.old"
chown -R root:root "${INSTALL_DIR}"
chmod -R go-w "${INSTALL_DIR}"
/usr/bin/node "${INSTALL_DIR}/dist/bundle/main.js" --version >/dev/null || die "mirrorscope does not run"
log "installed mirrorscope $(/usr/bin/node "${INSTALL_DIR}/dist/bundle/main.js" --version)"

# ---------------------------------------------------------------------------------------------------------------
# 4. Configuration and rules (existing files are kept)
# ---------------------------------------------------------------------------------------------------------------
install -d -m 0750 -o root -g "${SERVICE_USER}" "${CONF_DIR}" "${RULES_DIR}"
if [[ ! -f ${CONF_DIR}/mirrorscope.env ]]; then
  install -m 0640 -o root -g "${SERVICE_USER}" "${INSTALL_DIR}/deploy/mirrorscope.env.example" "${CONF_DIR}/mirrorscope.env"
fi
if [[ -n ${MIRRORSCOPE_RULES_SOURCE} ]]; then
  log "fetching rules ${MIRRORSCOPE_RULES_SOURCE}"
  fetch "${MIRRORSCOPE_RULES_SOURCE}" "${work}/mirrorscope.rules"
  install -m 0640 -o root -g "${SERVICE_USER}" "${work}/mirrorscope.rules" "${RULES_DIR}/mirrorscope.rules"
elif ! compgen -G "${RULES_DIR}/*.rules" >/dev/null; then
  # PLACEHOLDER: put your *.rules files (e.g. ET Open, fetched with suricata-update elsewhere) in this directory.
  printf '%s\n' "# Local rules for mirrorscope (Suricata syntax). Add rules, then: systemctl reload mirrorscope" \
    >"${RULES_DIR}/local.rules"
  chown root:"${SERVICE_USER}" "${RULES_DIR}/local.rules"
  chmod 0640 "${RULES_DIR}/local.rules"
fi
# Load the rules as the service user: proves they are readable by it and lists rules skipped for errors.
runuser -u "${SERVICE_USER}" -- /usr/bin/node "${INSTALL_DIR}/dist/bundle/main.js" rules check "${RULES_DIR}" >&2 \
  || die "rules in ${RULES_DIR} do not load"

# ---------------------------------------------------------------------------------------------------------------
# 5. Kernel settings: socket receive buffer limit (see deploy/sysctl.d/90-mirrorscope.conf)
# ---------------------------------------------------------------------------------------------------------------
install -m 0644 "${INSTALL_DIR}/deploy/sysctl.d/90-mirrorscope.conf" /etc/sysctl.d/90-mirrorscope.conf
sysctl --system >/dev/null
log "net.core.rmem_max=$(sysctl -n net.core.rmem_max) net.core.netdev_max_backlog=$(sysctl -n net.core.netdev_max_backlog)"

# MTU note (no change made): see the header of this script.
iface=$(ip -o route show default | awk '{print $5; exit}')
if [[ -n ${iface} ]]; then
  mtu=$(cat "/sys/class/net/${iface}/mtu")
  log "target MTU on ${iface} is ${mtu}: set mirror SOURCE MTUs to at most $((mtu - 54)) (IPv4) / $((mtu - 74)) (IPv6)" \
    "to avoid truncation, or accept truncated copies (mirrorscope counts them)"
fi

# ---------------------------------------------------------------------------------------------------------------
# 6. systemd unit
# ---------------------------------------------------------------------------------------------------------------
install -m 0644 "${INSTALL_DIR}/deploy/mirrorscope.service" /etc/systemd/system/mirrorscope.service
systemctl daemon-reload
systemctl enable mirrorscope.service
systemctl restart mirrorscope.service

health_port=$(sed -n 's/^MIRRORSCOPE_HEALTH_PORT=//p' "${CONF_DIR}/mirrorscope.env" | tail -n1)
health_port=${health_port:-8080}
for _ in $(seq 1 30); do
  if curl -fsS "http://127.0.0.1:${health_port}/healthz" >/dev/null 2>&1; then
    log "mirrorscope is ready: http://127.0.0.1:${health_port}/healthz answers 200"
    exit 0
  fi
  sleep 2
done
systemctl --no-pager status mirrorscope.service >&2 || true
journalctl --no-pager -u mirrorscope.service -n 50 >&2 || true
die "mirrorscope did not become ready within 60 s (see the journal above)"
