#!/usr/bin/env bash
# A developer bitcoind in regtest, configured by regtest/bitcoin.conf, with its
# data in regtest/.data (git-ignored).
#
#   regtest/node.sh start    start it in the background and wait until RPC answers
#   regtest/node.sh status   say whether it runs (exit 3 when it does not)
#   regtest/node.sh cli ...  run bitcoin-cli against it, e.g. `cli getblockchaininfo`
#   regtest/node.sh stop     stop it and wait until it has exited
#
# bitcoind is taken from BITCOIND_EXE, else PATH; bitcoin-cli from BITCOIN_CLI,
# else next to bitcoind, else PATH. RPC: http://127.0.0.1:18443/ with the cookie
# regtest/.data/regtest/.cookie, or user/password microchannels/microchannels.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conf="$here/bitcoin.conf"
data="$here/.data"

die() { echo "node.sh: $*" >&2; exit 1; }

bitcoind_path() {
  if [ -n "${BITCOIND_EXE:-}" ]; then
    [ -x "$BITCOIND_EXE" ] || die "BITCOIND_EXE=$BITCOIND_EXE is not an executable file"
    echo "$BITCOIND_EXE"
  elif command -v bitcoind >/dev/null 2>&1; then
    command -v bitcoind
  else
    die "bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH (or use docker-compose.regtest.yml)"
  fi
}

cli_path() {
  if [ -n "${BITCOIN_CLI:-}" ]; then
    echo "$BITCOIN_CLI"
  elif [ -n "${BITCOIND_EXE:-}" ] && [ -x "$(dirname "$BITCOIND_EXE")/bitcoin-cli" ]; then
    echo "$(dirname "$BITCOIND_EXE")/bitcoin-cli"
  elif command -v bitcoin-cli >/dev/null 2>&1; then
    command -v bitcoin-cli
  else
    die "bitcoin-cli not found: set BITCOIN_CLI, or put it next to bitcoind or on PATH"
  fi
}

cli() { "$(cli_path)" -conf="$conf" -datadir="$data" "$@"; }

running() { cli getblockcount >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if running; then echo "already running (blocks: $(cli getblockcount))"; exit 0; fi
    mkdir -p "$data"
    # -daemonwait returns once initialisation has finished, or fails with bitcoind's error.
    "$(bitcoind_path)" -conf="$conf" -datadir="$data" -daemonwait
    cli -rpcwait -rpcwaittimeout=60 getblockcount >/dev/null
    echo "started: regtest at 127.0.0.1:18443, data in $data (blocks: $(cli getblockcount))"
    ;;
  stop)
    if ! running; then echo "not running"; exit 0; fi
    cli stop >/dev/null
    pidfile="$data/regtest/bitcoind.pid"
    for _ in $(seq 1 150); do
      [ -f "$pidfile" ] || { echo "stopped"; exit 0; }
      sleep 0.2
    done
    die "bitcoind did not stop within 30 s (pid file $pidfile remains)"
    ;;
  status)
    if running; then
      version="$(cli getnetworkinfo | sed -n 's/^ *"subversion": "\(.*\)",$/\1/p')"
      echo "running: bitcoind $version at 127.0.0.1:18443, blocks: $(cli getblockcount)"
    else
      echo "not running"
      exit 3
    fi
    ;;
  cli)
    shift
    cli "$@"
    ;;
  *)
    echo "usage: $0 start|stop|status|cli <bitcoin-cli arguments>" >&2
    exit 2
    ;;
esac
