package sweep

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Key identifies one run: one model trained once with one configuration and one seed. Two jobs
// with equal keys are the same run, so a key must hold every setting that changes the result.
// Its fields are the configuration columns of runs.csv; Key is comparable (a map key).
type Key struct {
	Experiment string   // "xor", "mnist", "criticality", …
	Model      string   // "perceptron", "mlp", …
	Activation string   // canonical activation spec (activations.Activation.String())
	Seed       int      // the run's seed; see Key.RNGSeed
	LR         float64  // learning rate (0 when not applicable)
	Hidden     string   // hidden layer sizes, FormatHidden's form ("256", "512,256"; "" for none)
	Batch      int      // minibatch size
	Opt        string   // optimiser name
	Epochs     int      // epochs requested (the budget, not the epochs run)
	Settings   Settings // everything else that distinguishes runs (runs.csv's variant column)
}

// String is the key's canonical one-line form, unique per key (used in messages and to sort).
func (k Key) String() string {
	return strings.Join(k.fields(), "|")
}

// fields are the key's values in runs.csv column order (lr, hidden, … after the tidy columns).
func (k Key) fields() []string {
	return []string{k.Experiment, k.Model, k.Activation, strconv.Itoa(k.Seed), FormatFloat(k.LR),
		k.Hidden, strconv.Itoa(k.Batch), k.Opt, strconv.Itoa(k.Epochs), k.Variant()}
}

// validate rejects keys that runs.csv could not round-trip (line breaks, '|', non-finite numbers,
// settings holding the variant's separators).
func (k Key) validate() error {
	for _, s := range []string{k.Experiment, k.Model, k.Activation, k.Hidden, k.Opt, k.Settings.Part, k.Settings.Task, k.Settings.Init} {
		if strings.ContainsAny(s, "\r\n|") {
			return fmt.Errorf("sweep: run key field %q holds a line break or '|'", s)
		}
	}
	for _, s := range []string{k.Settings.Part, k.Settings.Task, k.Settings.Init} {
		if strings.ContainsAny(s, ";=") {
			return fmt.Errorf("sweep: run setting %q holds ';' or '='", s)
		}
	}
	if math.IsNaN(k.LR) || math.IsInf(k.LR, 0) {
		return fmt.Errorf("sweep: run key %s: learning rate %v", k, k.LR)
	}
	for _, f := range []OptFloat{k.Settings.SW2, k.Settings.SB2} {
		if f.Set && (math.IsNaN(f.V) || math.IsInf(f.V, 0)) {
			return fmt.Errorf("sweep: run key %s: setting %v is not finite", k, f.V)
		}
	}
	return nil
}

// RNGSeed is the seed a job should give its generators: the run's Seed itself, so that runs that
// differ only in activation (or learning rate) share their initial weights' random stream and
// data order — a paired comparison. Never derived from the clock.
func (k Key) RNGSeed() uint64 { return uint64(k.Seed) }

// FormatFloat writes a number as runs.csv and the tables do: the shortest form that parses back
// to the same float64 ("0.001", "3e-4" as "0.0003", "NaN", "+Inf").
func FormatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// FormatHidden writes hidden layer sizes as runs.csv's hidden column: "512,256".
func FormatHidden(sizes []int) string {
	s := make([]string, len(sizes))
	for i, v := range sizes {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}
