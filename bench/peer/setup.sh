#!/bin/sh
# Installs what the peer benchmark (bench/peer/torch_mnist.py, `go run ./experiments peer`) and
# the OpenBLAS build of nn (`go build -tags openblas`, CGO_LDFLAGS=-lopenblas) need on a fresh
# Debian or Ubuntu machine: Debian's PyTorch (python3-torch, with numpy) and OpenBLAS's headers
# and library (libopenblas-dev). Idempotent: packages already installed are skipped.
# Not run by `go test` or .ci/run's tests; the pure-Go build needs none of this.
set -eu

want="python3-torch libopenblas-dev"
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "setup: already installed: $want"
else
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
	echo "setup: installing:$missing"
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
fi

# Check that what the benchmark runs is usable.
/usr/bin/python3 -c 'import torch, numpy; print("setup: torch", torch.__version__, "numpy", numpy.__version__)'
ls /usr/lib/*/libopenblas.so* >/dev/null 2>&1 || ls /usr/lib/libopenblas.so* >/dev/null 2>&1 ||
	{ echo "setup: libopenblas.so not found after install" >&2; exit 1; }
echo "setup: ok (pure Go: go run ./experiments peer; OpenBLAS: CGO_LDFLAGS=-lopenblas go run -tags openblas ./experiments peer)"
