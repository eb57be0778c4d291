package plots

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/isingact/isingact/experiments/sweep"
)

// checkImages asserts base.png is a PNG and base.svg an SVG, both non-trivial.
func checkImages(t *testing.T, base string) {
	t.Helper()
	png, err := os.ReadFile(base + ".png")
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 1000 {
		t.Errorf("%s.png: %d bytes, %v", base, len(png), err)
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("%s.svg: %d bytes, %v", base, len(svg), err)
	}
}

func TestPlotCurvesFrom(t *testing.T) {
	recs := recsOf("mlp", map[string][]float64{"relu": {0.9, 0.7}, "tanh": {0.8, math.NaN()}})
	curves := CurvesFrom(recs, "accuracy", "test", func(k sweep.Key) string { return k.Activation })
	if len(curves) != 2 || curves[0].Label != "relu" || len(curves[0].X) != 2 {
		t.Fatalf("curves %+v", curves)
	}
	// relu at epoch 2: mean of 0.9 and 0.7, std √0.02; tanh's NaN run is skipped.
	if !near(curves[0].Mean[1], 0.8, 1e-12) || !near(curves[0].Std[1], math.Sqrt(0.02), 1e-12) || curves[1].Mean[1] != 0.8 || curves[1].Std[1] != 0 {
		t.Errorf("curves %+v", curves)
	}
}

func TestPlotHelpersWriteFiles(t *testing.T) {
	dir := t.TempDir()
	curves := []Curve{
		{Label: "relu", X: []float64{0, 1, 2}, Mean: []float64{0.5, 0.9, 0.95}, Std: []float64{0, 0.02, 0.01}},
		{Label: "quench-tanh:a=6,c=0", X: []float64{0, 1, 2}, Mean: []float64{0.5, math.NaN(), 0.93}, Std: []float64{0, 0.03, 0.02}},
	}
	base := filepath.Join(dir, "sub", "curves")
	if err := LearningCurves(base, "MNIST", "epoch", "test accuracy", curves); err != nil {
		t.Fatal(err)
	}
	checkImages(t, base)
	if err := LearningCurves(filepath.Join(dir, "bad"), "", "", "", []Curve{{X: []float64{1}}}); err == nil {
		t.Error("mismatched curve lengths: no error")
	}

	pts := []Point{{"relu", 0.98, 0.975, 0.985}, {"tanh", 0.97, math.NaN(), math.NaN()}, {"diverged", math.NaN(), 0, 0}}
	base = filepath.Join(dir, "points")
	if err := PointsWithErrors(base, "final accuracy", "test accuracy", pts); err != nil {
		t.Fatal(err)
	}
	checkImages(t, base)

	base = filepath.Join(dir, "bars")
	series := []BarSeries{
		{Label: "perceptron", Values: []float64{0, 0}, Lo: []float64{0, 0}, Hi: []float64{0.04, 0.04}},
		{Label: "2-2-1", Values: []float64{0.7, 0.5}, Lo: []float64{0.6, 0.4}, Hi: []float64{0.78, 0.6}},
		{Label: "2-4-1", Values: []float64{0.95, math.NaN()}},
	}
	if err := GroupedBars(base, "XOR success", "success rate", []string{"relu", "tanh"}, series); err != nil {
		t.Fatal(err)
	}
	checkImages(t, base)
	if err := GroupedBars(base, "", "", []string{"relu"}, series); err == nil {
		t.Error("series longer than the categories: no error")
	}
	if err := GroupedBars(base, "", "", nil, nil); err == nil {
		t.Error("no series: no error")
	}
}

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
