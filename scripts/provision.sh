#!/usr/bin/env bash
# Installs the system packages the tests need (Debian): Chromium for the browser tests, a font
# with Vietnamese glyphs for the map labels, GDAL (ogrinfo, cs2cs, gdaltransform), the outside
# client the exports and the OGC API are tested with, xmllint (libxml2-utils) for the files' XML,
# and PostgreSQL with PostGIS, which the PostgreSQL store's tests start as throwaway clusters on
# loopback (test/support/postgres-cluster.ts) and stop when done. As root it installs them;
# otherwise it stops at once and names the exact command.
set -euo pipefail

packages=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || packages+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] || packages+=(fonts-noto-core)
command -v ogrinfo > /dev/null || packages+=(gdal-bin)
command -v xmllint > /dev/null || packages+=(libxml2-utils)
compgen -G '/usr/share/postgresql/*/extension/postgis.control' > /dev/null ||
  packages+=(postgresql postgis)
[ ${#packages[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y ${packages[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
  echo "The tests need: ${packages[*]}. Install them with (as root): $command" >&2
  exit 1
fi
echo "Installing ${packages[*]} for the tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${packages[@]}"
