#!/usr/bin/env bash
# Slurm integration test of the cluster templates (experiments/cluster/slurm): brings up a
# private single-node Slurm (its own slurm.conf, ports, state and log folders under a temporary
# folder; Debian's slurmctld, slurmd, slurm-client and munge, installed with apt-get when
# missing), builds the binary once, submits a tiny xor sweep and a tiny mnist sweep (four
# sweep arrays, one per learning-rate round — the sweep takes three —, a final array, the merge)
# through submit.sh as 3-task arrays with their merge jobs,
# waits for the merge jobs (bounded), checks that each merged summary.csv equals the unsharded
# run's (wall-clock column aside), and stops every daemon it started.
#
# Needs root and apt-get (or Slurm and munge already installed); otherwise it prints why it
# skips and exits 0. Another Slurm already running on the machine is left alone: this one
# listens on other ports (SLURM_CONF points the clients at it). Takes about 35 s on an idle
# 2-core machine; the wait for the merge jobs is bounded by SLURM_TEST_WAIT seconds (120).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
start=$(date +%s)
say() { echo "slurm-test: $*"; }

need=(slurmctld slurmd sbatch scontrol munged)
missing() { for c in "${need[@]}"; do command -v "$c" >/dev/null || PATH=$PATH:/usr/sbin command -v "$c" >/dev/null || return 0; done; return 1; }
export PATH=$PATH:/usr/sbin:/sbin
if missing; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "SKIPPED: Slurm is not installed, and installing it needs root and apt-get"
    exit 0
  fi
  say "installing slurmctld slurmd slurm-client munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null; }
fi
if [ "$(id -u)" != 0 ]; then
  say "SKIPPED: starting slurmd needs root"
  exit 0
fi

tmp=$(mktemp -d /tmp/isingact-slurm-XXXXXX)
pids=()
cleanup() {
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
    scancel --quiet --user=root 2>/dev/null || true
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# munge: the running daemon, or one started here with the package's key (created if missing).
if ! pgrep -x munged >/dev/null; then
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge && mungekey --create --keyfile=/etc/munge/munge.key && chown munge:munge /etc/munge/munge.key && chmod 600 /etc/munge/munge.key
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
  runuser -u munge -- munged --foreground &
  pids+=($!)
  sleep 1
fi

# A private Slurm: its own configuration, ports and folders.
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {m = int($2 / 1024) - 1024; print (m < 1024 ? 1024 : m)}' /proc/meminfo)
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/out"
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=isingact-test
SlurmctldHost=$host
SlurmctldPort=6917
SlurmdPort=6918
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=isingact Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 30); do
  sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mix|alloc' && break
  sleep 1
done
if ! sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mix|alloc'; then
  say "FAIL: the private Slurm did not come up"; tail -n 20 "$tmp"/slurm*.log "$tmp"/*.out 2>/dev/null; exit 1
fi
say "private Slurm up ($host, $cpus CPUs, ports 6917/6918) after $(($(date +%s) - start)) s"

go build -o "$tmp/isingact-experiments" ./experiments
export BIN=$tmp/isingact-experiments PARTITION=isingact SWEEP_ROUNDS=4
export SBATCH_ARGS="--chdir=$tmp/out --cpus-per-task=1 --mem-per-cpu=500M --time=00:05:00"
xor=(xor -acts tanh,relu -seeds 3 -epochs 200 -noisy-epochs 5)
mnist=(mnist -acts relu,tanh -subset 300 -hidden 8 -seeds 2 -epochs 1 -lr 0.001,0.01 -sweep-seeds 1 -gain-seeds 1)
jx=$(experiments/cluster/slurm/submit.sh "$tmp/out/xor" 3 3 "${xor[@]}")
jm=$(experiments/cluster/slurm/submit.sh "$tmp/out/mnist" 3 3 "${mnist[@]}")

# state prints a job's state ("" once Slurm forgot it), and its reason when pending.
state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]* Reason=[A-Za-z_]*' | head -n 1; }
deadline=$(($(date +%s) + ${SLURM_TEST_WAIT:-120})) # the bound on the wait (seconds); ~30 s on an idle 2-core machine
for j in "$jx" "$jm"; do
  while :; do
    s=$(state "$j")
    case $s in
    JobState=COMPLETED*) break ;;
    JobState=PENDING*DependencyNeverSatisfied* | JobState=FAILED* | JobState=CANCELLED* | JobState=TIMEOUT* | JobState=NODE_FAIL* | JobState=OUT_OF_MEMORY* | "")
      say "FAIL: merge job $j: ${s:-gone}"; tail -n 5 "$tmp"/out/*.out; exit 1 ;;
    esac
    if [ "$(date +%s)" -ge $deadline ]; then
      say "FAIL: merge job $j not done in time ($s)"; squeue; exit 1
    fi
    sleep 1
  done
done
say "both merge jobs completed after $(($(date +%s) - start)) s"

# The merged summaries against unsharded runs of the same sweeps, without the wall-clock column.
nowall() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds_per_epoch") c = i } { o = ""; sep = ""; for (i = 1; i <= NF; i++) if (i != c) { o = o sep $i; sep = "," } print o }' "$1"; }
status=0
for e in xor mnist; do
  if [ $e = xor ]; then args=("${xor[@]}"); else args=("${mnist[@]}"); fi
  "$BIN" "${args[@]}" -workers 2 -out "$tmp/unsharded-$e" >/dev/null 2>&1
  if [ -n "$(ls "$tmp/out/$e"/runs-*-of-3.csv)" ] && [ ! -e "$tmp/out/$e/runs.csv" ] &&
    diff <(nowall "$tmp/out/$e/summary.csv") <(nowall "$tmp/unsharded-$e/summary.csv") >/dev/null; then
    say "$e: 3 Slurm array tasks merged by the afterok merge job = the unsharded run ($(($(wc -l <"$tmp/out/$e/summary.csv") - 1)) summary rows)"
  else
    say "FAIL: $e: the merged summary differs from the unsharded one"
    diff <(nowall "$tmp/out/$e/summary.csv") <(nowall "$tmp/unsharded-$e/summary.csv") || true
    status=1
  fi
done
say "done in $(($(date +%s) - start)) s"
exit $status
