#!/bin/bash
# Runs a sharded isingact sweep on Kubernetes: applies sweep-job.yaml (the claim and the Indexed
# Job), waits for the Job to complete, then applies report-job.yaml (the fan-in) and waits for
# it. Edit the two manifests first (experiment, flags, -shards = completions, -out, claim).
#   experiments/cluster/k8s/submit.sh [TIMEOUT]      (default 24h)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
timeout=${1:-24h}
kubectl apply -f "$here/sweep-job.yaml"
kubectl wait --for=condition=complete job/isingact-sweep --timeout="$timeout"
kubectl apply -f "$here/report-job.yaml"
kubectl wait --for=condition=complete job/isingact-report --timeout="$timeout"
kubectl logs job/isingact-report | tail -n 5
