#!/usr/bin/env bash
# The Microchannels demo in one command (issue 13): a chain, the provider daemon and three meter
# daemons paying for simulated energy over payment channels, a live view, then every channel
# closed on chain and checked to the satoshi. On a fresh Debian/Ubuntu machine it first installs
# what is missing (libsecp256k1) when it can: as root or through sudo. Where it cannot, it stops
# with one line saying what to run. Options go to the demo: ./scripts/demo.sh --help.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/prerequisites.sh
source scripts/lib/prerequisites.sh

need_packages=()
need_libsecp256k1

install_missing_packages "${need_packages[@]}"
require_dotnet

# Builds the demo and everything it runs: the provider daemon, meterd, the embedded chain, mcli.
echo "building the demo (a few minutes the first time) ..."
dotnet build src/Demo/Microchannels.Demo.csproj -c Release -nodeReuse:false -v quiet -clp:ErrorsOnly >/dev/null

# The demo runs in a process group of its own, with every daemon it starts. Ctrl-C (or SIGTERM)
# is passed to the demo, which stops its daemons in order; whatever is left of the group when
# this script ends, on any path, is killed, so no daemon is ever left behind.
setsid -w dotnet exec src/Demo/bin/Release/net10.0/Microchannels.Demo.dll "$@" &
demo=$!
trap 'kill -INT "$demo" 2>/dev/null || true' INT TERM HUP
trap 'kill -KILL -- "-$demo" 2>/dev/null || true' EXIT
status=0
while :; do
  if wait "$demo"; then status=0; else status=$?; fi
  # A trapped signal interrupts wait while the demo is still stopping: wait again.
  kill -0 "$demo" 2>/dev/null || break
done
exit "$status"
