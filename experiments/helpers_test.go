package main

import (
	"math"

	"github.com/isingact/isingact/experiments/sweep"
)

// recsOf builds the records of runs with the given final test accuracies per activation.
func recsOf(model string, vals map[string][]float64) []sweep.Record {
	var recs []sweep.Record
	for act, vs := range vals {
		for i, v := range vs {
			k := sweep.Key{Experiment: "t", Model: model, Activation: act, Seed: i + 1, LR: 0.001, Hidden: "4", Epochs: 2}
			recs = append(recs,
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 1, Split: "test", Metric: "accuracy", Value: v - 0.5}}, // earlier epoch: ignored
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Split: "test", Metric: "accuracy", Value: v}},
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Metric: sweep.MetricSecondsPerEpoch, Value: 0.5}},
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Split: "train", Metric: "epochs_to_success", Value: float64(i + 1)}},
				sweep.Record{Key: k, Row: sweep.Row{Metric: sweep.MetricDone, Value: 1}})
		}
	}
	return recs
}

// near reports whether got is within tol of want (relative for |want| > 1); NaN matches NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}
