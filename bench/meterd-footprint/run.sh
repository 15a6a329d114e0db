#!/usr/bin/env bash
# meterd's footprint while it streams (issue 11, "Performance"): CPU per hour of streaming and RSS.
#
# Starts, each in a temporary directory on free loopback ports: the SIMULATED embedded regtest
# chain (a block every 10 s), the provider daemon (src/Provider) and meterd (src/Meter/Daemon)
# paying every INTERVAL seconds for a simulated constant load. It funds the meter, waits until
# payments are acknowledged, lets WARMUP seconds pass, then reads meterd's /proc/<pid>/stat
# (utime + stime) at the start and end of DURATION seconds and samples /proc/<pid>/status
# (VmRSS, VmHWM) every 10 s. Prints one summary line and leaves nothing running.
#
# Usage (after `dotnet build tests/MeterDaemon.Tests -c Release`, which builds all three):
#   bench/meterd-footprint/run.sh [label]            # defaults: DURATION=900 INTERVAL=5 WARMUP=60
#   METERD_ENV='DOTNET_GCHeapHardLimit=0x3000000 DOTNET_TieredPGO=0' bench/meterd-footprint/run.sh knobs
# Needs bash, curl, python3 (free ports, JSON).
set -euo pipefail

label=${1:-default}
DURATION=${DURATION:-900}
INTERVAL=${INTERVAL:-5}
WARMUP=${WARMUP:-60}
WATTS=${WATTS:-2000}
CONFIG=${CONFIG:-Release}
# BIN_ROOT: where the three builds live (default: this checkout; a copy keeps a long run safe from rebuilds).
root=${BIN_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
chain_dll=$root/src/Settlement/EmbeddedChain/bin/$CONFIG/net10.0/Microchannels.EmbeddedChain.dll
provider_dll=$root/src/Provider/bin/$CONFIG/net10.0/Microchannels.Provider.dll
meter_dll=$root/src/Meter/Daemon/bin/$CONFIG/net10.0/meterd.dll
for dll in "$chain_dll" "$provider_dll" "$meter_dll"; do
  [[ -f $dll ]] || { echo "missing $dll: build first (dotnet build tests/MeterDaemon.Tests -c $CONFIG)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/meterd-footprint-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_line() { # file regex seconds
  for _ in $(seq 1 $(( $3 * 5 ))); do grep -Eq "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out waiting for /$2/ in $1" >&2; tail -20 "$1" >&2; exit 1
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

rpc_port=$(port)
mkdir -p "$work/chain" "$work/provider" "$work/meter"
dotnet exec "$chain_dll" --datadir "$work/chain" --rpcport "$rpc_port" --blockinterval 10 --nopersist >"$work/chain.log" 2>&1 &
pids+=($!)
wait_line "$work/chain.log" '^cookie ' 60
cookie=$(sed -n 's/^cookie //p' "$work/chain.log")
rpc() { # method params-json [wallet]
  curl -sf --user "$(cat "$cookie")" -H 'content-type: application/json' \
    --data "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "http://127.0.0.1:$rpc_port/${3:+wallet/$3}"
}
rpc createwallet '["bench"]' >/dev/null
miner=$(rpc getnewaddress '[]' bench | json 'd["result"]')
rpc generatetoaddress "[101, \"$miner\"]" >/dev/null

MICROCHANNELS_METERS__OPENTOALL=true dotnet exec "$provider_dll" --datadir "$work/provider" --api-listen "127.0.0.1:$(port)" --peer-listen 127.0.0.1:0 \
  --metrics-listen "127.0.0.1:$(port)" --bitcoind-rpc-url "http://127.0.0.1:$rpc_port/" --bitcoind-cookie-file "$cookie" \
  >"$work/provider.log" 2>&1 &
pids+=($!)
wait_line "$work/provider.log" 'meters connect to' 120
provider=$(sed -nE 's/^Provider node ([0-9a-f]{66}) on \w+: meters connect to (\S+), API on.*/\1@\2/p' "$work/provider.log" | head -1)

status_port=$(port)
(
  export MICROCHANNELS_PROVIDER=$provider \
    MICROCHANNELS_BITCOIND__RPCURL=http://127.0.0.1:$rpc_port/ MICROCHANNELS_BITCOIND__COOKIEFILE=$cookie \
    MICROCHANNELS_STATUS__LISTEN=127.0.0.1:$status_port MICROCHANNELS_PAYMENTS__INTERVALSECONDS=$INTERVAL \
    MICROCHANNELS_SOURCE__KIND=simulated MICROCHANNELS_SOURCE__WATTS=$WATTS
  # shellcheck disable=SC2086
  [[ -n ${METERD_ENV:-} ]] && export ${METERD_ENV}
  exec dotnet exec "$meter_dll" --datadir "$work/meter"
) >"$work/meter.log" 2>&1 &
meter=$!
pids+=($meter)
status() { curl -sf "http://127.0.0.1:$status_port/status" || echo '{}'; }
for _ in $(seq 1 120); do
  address=$(status | json 'd.get("wallet",{}).get("address","") if d.get("phase")=="funding" else ""' 2>/dev/null || true)
  [[ -n $address ]] && break; sleep 1
done
[[ -n ${address:-} ]] || { echo "meterd never asked for funds" >&2; tail -30 "$work/meter.log" >&2; exit 1; }
rpc sendtoaddress "[\"$address\", 0.01]" bench >/dev/null
for _ in $(seq 1 300); do
  paid=$(status | json 'd.get("payments",{}).get("paidMsat",0)' 2>/dev/null || echo 0)
  [[ $paid -gt 0 ]] && break; sleep 1
done
[[ ${paid:-0} -gt 0 ]] || { echo "no payment acknowledged" >&2; tail -30 "$work/meter.log" >&2; exit 1; }
sleep "$WARMUP"

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$meter/stat"; }
kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$meter/status"; }
paid0=$(status | json 'd["payments"]["paidMsat"]')
cpu0=$(cpu); t0=$(date +%s.%N); max_rss=0; samples=()
end=$(( $(date +%s) + DURATION ))
while [[ $(date +%s) -lt $end ]]; do
  rss=$(kib VmRSS); samples+=("$rss"); (( rss > max_rss )) && max_rss=$rss
  sleep 10
done
cpu1=$(cpu); t1=$(date +%s.%N)
paid1=$(status | json 'd["payments"]["paidMsat"]')
hwm=$(kib VmHWM); rss=$(kib VmRSS); threads=$(kib Threads); anon=$(kib RssAnon); file=$(kib RssFile)
python3 - "$label" "$cpu0" "$cpu1" "$t0" "$t1" "$ticks" "$rss" "$max_rss" "$hwm" "$threads" "$paid0" "$paid1" "$INTERVAL" "${METERD_ENV:-}" "$anon" "$file" <<'PY'
import sys
label, c0, c1, t0, t1, hz, rss, maxrss, hwm, threads, p0, p1, interval, env, anon, file = sys.argv[1:]
wall = float(t1) - float(t0)
cpu_s = (int(c1) - int(c0)) / int(hz)
print(f"{label}: {wall/60:.1f} min streaming at {interval} s intervals; meterd CPU {cpu_s:.2f} s "
      f"= {cpu_s/wall*100:.3f} % of one core = {cpu_s/wall*3600:.1f} CPU-s per hour; "
      f"RSS {int(rss)/1024:.1f} MiB (anonymous {int(anon)/1024:.1f}, file-backed {int(file)/1024:.1f}; max sampled {int(maxrss)/1024:.1f}, VmHWM {int(hwm)/1024:.1f}); "
      f"{threads} threads; paid {int(p1)-int(p0)} msat in the window; env [{env}]")
PY
