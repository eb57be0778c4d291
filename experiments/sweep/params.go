package sweep

import (
	"strconv"
	"strings"

	"github.com/isingact/isingact/nn"
)

// Learned activation parameters in runs.csv. A run whose activation learns parameters
// (learn= in its spec) writes, with split "", after the epochs that ParamEpoch selects:
//
//	param:<name>:mean  param:<name>:std  param:<name>:min  param:<name>:max
//
// across the layer's units (nn.ParamStat.Metrics; std is the population standard deviation,
// 0 per layer), and after its last epoch every value of a per-unit parameter:
//
//	param:<name>:unit:<i>   i = 0 … width − 1
//
// <name> is nn.ActParam.Name: the key ("h"), with ".l<layer>" when several layers learn it.

// ParamEpoch reports whether the parameter summaries are written after epoch e: every epoch up
// to 10, every 10th up to 100, every 100th beyond (a log-like grid, so that a 1000-epoch XOR run
// writes 28 epochs, not 1000; every epoch of a 10-epoch MNIST run). The run's last epoch is
// written whatever its number (see ParamTracker).
func ParamEpoch(e int) bool {
	switch {
	case e <= 10:
		return e >= 1
	case e <= 100:
		return e%10 == 0
	default:
		return e%100 == 0
	}
}

// ParamRows are the summary rows of ps after epoch (empty for no learned parameters).
func ParamRows(epoch int, ps []nn.ParamStat) []Row {
	var rows []Row
	for _, s := range ps {
		for _, m := range s.Metrics() {
			rows = append(rows, Row{Epoch: epoch, Metric: m.Metric, Value: m.Value})
		}
	}
	return rows
}

// ParamValueRows are the rows param:<name>:unit:<i> of every per-unit learned value after
// epoch; parameters with one value per layer have none (their mean row is the value).
func ParamValueRows(epoch int, ps []nn.ActParam) []Row {
	var rows []Row
	for _, p := range ps {
		if len(p.Values) < 2 {
			continue
		}
		for i, v := range p.Values {
			rows = append(rows, Row{Epoch: epoch, Metric: UnitMetric(p.Name, i), Value: v})
		}
	}
	return rows
}

// UnitMetric is the metric of unit i's value of learned parameter name: "param:h:unit:17".
func UnitMetric(name string, i int) string {
	return "param:" + name + ":unit:" + strconv.Itoa(i)
}

// ParseParamMetric splits a learned-parameter metric into the parameter's name and the rest:
// "param:h:mean" gives ("h", "mean", true), "param:h:unit:3" gives ("h", "unit:3", true); any
// other metric gives ok = false.
func ParseParamMetric(metric string) (name, stat string, ok bool) {
	rest, ok := strings.CutPrefix(metric, "param:")
	if !ok {
		return "", "", false
	}
	name, stat, ok = strings.Cut(rest, ":")
	return name, stat, ok && name != "" && stat != ""
}

// ParamTracker collects a run's learned-parameter rows epoch by epoch: Epoch adds the summary
// rows of the epochs ParamEpoch selects; Final adds the last epoch's summaries (when not
// already written) and the per-unit values. Its zero value is ready; it writes nothing for a
// model without learned parameters.
type ParamTracker struct {
	rows    []Row
	written int // the last epoch whose summaries are in rows
	last    int
	stats   []nn.ParamStat
}

// Epoch records the parameters after epoch e (EpochMetrics.Params).
func (t *ParamTracker) Epoch(e int, ps []nn.ParamStat) {
	t.last, t.stats = e, ps
	if ParamEpoch(e) {
		t.rows = append(t.rows, ParamRows(e, ps)...)
		t.written = e
	}
}

// Final returns the rows: those of Epoch, the last epoch's summaries if ParamEpoch skipped it,
// and the per-unit values (the model's nn.Model.ActivationParamValues after that epoch).
func (t *ParamTracker) Final(values []nn.ActParam) []Row {
	rows := t.rows
	if t.last > t.written {
		rows = append(rows, ParamRows(t.last, t.stats)...)
	}
	if t.last > 0 {
		rows = append(rows, ParamValueRows(t.last, values)...)
	}
	return rows
}
