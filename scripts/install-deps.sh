#!/usr/bin/env bash
# Installs every Debian 12 package Planwise needs to build, test and run.
# Idempotent: apt-get skips what is already there.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git python3 file dpkg-dev
    # Qt 6 (Charts needs libqt6opengl6-dev to configure)
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
    # core libraries
    nlohmann-json3-dev libcli11-dev libfmt-dev libxxhash-dev libpg-query-dev libmd-dev libexpat1-dev
    zlib1g-dev libbz2-dev liblzma-dev libzstd-dev libbenchmark-dev
    # database drivers
    libsqlite3-dev sqlite3 libpqxx-dev libpq-dev libmysqlcppconn-dev libboost-dev
    # test servers
    postgresql-15 postgresql-contrib postgresql-15-hypopg mariadb-server mariadb-client
    # GUI tests and screenshots
    xvfb xauth imagemagick fonts-dejavu-core
    # the peer tools the benchmarks compare against
    percona-toolkit pgbadger
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
