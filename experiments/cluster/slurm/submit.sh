#!/bin/bash
# Submits a sharded isingact sweep to Slurm as a chain of jobs, each after the previous one
# succeeded (--dependency=afterok): the job array(s) of array.sbatch, then the merge job
# (report.sbatch: report -complete). Prints the merge job's ID on stdout.
#
#   experiments/cluster/slurm/submit.sh OUT SHARDS CONCURRENCY EXPERIMENT [FLAGS...]
#   experiments/cluster/slurm/submit.sh /shared/isingact/xor 16 8 xor -quick
#   experiments/cluster/slurm/submit.sh /shared/isingact/mnist 12 6 mnist -mnist-dir /shared/mnist
#
# OUT must be on a filesystem every node mounts; SHARDS array tasks (--array=0-SHARDS−1%CONCURRENCY)
# run at most CONCURRENCY at a time. MNIST runs in stages: SWEEP_ROUNDS arrays of -stage sweep
# (each round's jobs depend on the previous round's results; an array whose sweep is already
# complete only says so), one array of -stage final, then the merge.
#
# Environment: BIN (default ./isingact-experiments; build it once: go build -o
# isingact-experiments ./experiments), PARTITION (default: the cluster's default partition),
# SWEEP_ROUNDS (default 4), SBATCH_ARGS (more sbatch options, e.g. "--account=x --time=8:00:00").
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
out=$1 shards=$2 conc=$3
shift 3
exp=$1
here=$(cd "$(dirname "$0")" && pwd)
export BIN OUT ARGS
BIN=$(realpath "${BIN:-./isingact-experiments}")
OUT=$(realpath -m "$out")
[ -x "$BIN" ] || { echo "submit.sh: $BIN is not an executable: go build -o isingact-experiments ./experiments" >&2; exit 1; }
# shellcheck disable=SC2206
opts=(--parsable --export=ALL ${PARTITION:+--partition=$PARTITION} ${SBATCH_ARGS:-})
dep=""

# submit submits one sbatch script with the options and the dependency on the previous job.
submit() {
  local id
  id=$(sbatch "${opts[@]}" ${dep:+--dependency=afterok:$dep} "$@")
  dep=${id%%;*}
}

# array submits one array of array.sbatch running ARGS.
array() {
  ARGS="$*"
  submit --array=0-$((shards - 1))%"$conc" "$here/array.sbatch"
  echo "submit.sh: array job $dep: $ARGS -shard auto -out $OUT" >&2
}

if [ "$exp" = mnist ]; then
  for _ in $(seq 1 "${SWEEP_ROUNDS:-4}"); do array "$@" -stage sweep; done
  array "$@" -stage final
else
  array "$@"
fi
submit "$here/report.sbatch"
echo "submit.sh: merge job $dep: report -out $OUT -complete (then $OUT/summary.md)" >&2
echo "$dep"
