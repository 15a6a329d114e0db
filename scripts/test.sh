#!/usr/bin/env bash
# Runs every Microchannels test. On a fresh Debian/Ubuntu machine it first
# installs what is missing (libsecp256k1) when it can: as root or through sudo.
# Where it cannot, it stops with one line saying what to run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prerequisites.sh
source scripts/lib/prerequisites.sh

need_packages=()
need_libsecp256k1
# The provider daemon's Python client tests use Debian's python3-grpcio and python3-grpc-tools
# through /usr/bin/python3 (tests/Provider.Tests/python).
if ! /usr/bin/python3 -c 'import grpc, grpc_tools' >/dev/null 2>&1; then
  need_packages+=(python3-grpcio python3-grpc-tools)
fi
# The provider dashboard's browser test (tests/Demo.Tests) drives Debian's chromium through chromium-driver.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  need_packages+=(chromium chromium-driver)
fi

install_missing_packages "${need_packages[@]}"
require_dotnet

dotnet build Microchannels.sln -c Release -nodeReuse:false -v quiet -clp:ErrorsOnly

# The meter daemon ships to a Raspberry Pi: its self-contained linux-arm64 publish must succeed (issue 11).
publish_dir=$(mktemp -d)
dotnet publish src/Meter/Daemon/Microchannels.Meter.Daemon.csproj -c Release -r linux-arm64 --self-contained \
  -nodeReuse:false -v quiet -clp:ErrorsOnly -o "$publish_dir/meterd-linux-arm64"
rm -rf "$publish_dir"

# The regtest tests find bitcoind the same way (BitcoindLocator); say up front why they skip.
if [ -n "${BITCOIND_EXE:-}" ]; then
  if [ ! -x "$BITCOIND_EXE" ]; then
    echo "BITCOIND_EXE=$BITCOIND_EXE is not an executable file: the bitcoind tests will be skipped"
  fi
elif ! command -v bitcoind >/dev/null 2>&1; then
  echo "bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH; the bitcoind tests will be skipped (the regtest tests still run on the SIMULATED embedded chain)"
fi

# Run every test project, keep dotnet's exit code, and close with one summary line
# over all assemblies ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Microchannels.sln -c Release --no-build -nodeReuse:false "$@" 2>&1 | tee "$log" || status=$?
# With a detailed console logger dotnet prints "Total tests: N" then "Passed: N" lines instead.
awk '/(Passed|Failed)! +- +Failed: / {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /^Total tests: / { totals = 1; next }
     totals && /^ +Passed: [0-9]+$/ { dp += $2 } totals && /^ +Failed: [0-9]+$/ { df += $2 } totals && /^ +Skipped: [0-9]+$/ { ds += $2 }
     /^ +Total time: / { totals = 0 }
     END { if (p + f + s == 0) { p = dp; f = df; s = ds }
           printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
