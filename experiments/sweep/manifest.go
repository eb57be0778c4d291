package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/isingact/isingact/internal/atomicfile"
)

// ManifestFile is the file in a sweep's folder that says which sweep the folder holds.
const ManifestFile = "sweep.json"

// Manifest is <dir>/sweep.json: the experiment and the command-line flags that define its sweep
// (the per-invocation flags -out, -workers, -shard, -shards and -stage left out), each written as
// -name=value in the flag package's order. Every shard of a sweep writes the same manifest, so
// the report command can rebuild the full job list — and find the missing runs — by parsing
// the flags again with the experiment's own command.
//
//	{"format": 1, "experiment": "xor", "flags": ["-acts=tanh;relu", "-quick=true", "-seeds=3"]}
type Manifest struct {
	Format     int      `json:"format"` // 1
	Experiment string   `json:"experiment"`
	Flags      []string `json:"flags"`
}

// WriteManifest writes <dir>/sweep.json atomically when it would change (shards write the same
// bytes; the last command run in a folder decides what the folder's summaries describe).
func WriteManifest(dir, experiment string, flags []string) error {
	m := Manifest{Format: 1, Experiment: experiment, Flags: slices.Clone(flags)}
	if m.Flags == nil {
		m.Flags = []string{}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	data = append(data, '\n')
	path := filepath.Join(dir, ManifestFile)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("sweep: writing %s: %w", path, err)
	}
	return nil
}

// ReadManifest reads <dir>/sweep.json.
func ReadManifest(dir string) (Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Manifest{}, fmt.Errorf("sweep: %s is missing: it is written by the xor, mnist and criticality commands (not by the Go API) when they start a sweep", path)
	}
	if err != nil {
		return Manifest{}, fmt.Errorf("sweep: %w", err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("sweep: %s: %w", path, err)
	}
	if m.Format != 1 || m.Experiment == "" {
		return Manifest{}, fmt.Errorf("sweep: %s: format %d, experiment %q: want format 1 and an experiment", path, m.Format, m.Experiment)
	}
	return m, nil
}
