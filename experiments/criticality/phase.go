package criticality

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/nn"
	"github.com/isingact/isingact/physics/signal"
)

// Part a of the criticality command: phase diagrams χ₁(σ_w², σ_b²), the EOC curves and the table
// of EOC points.

// tableSB2 are the σ_b² of the EOC table.
func tableSB2() []float64 { return []float64{0, 0.05, 0.5, 1} }

// sides are the factors of σ_w²_EOC at which the EOC table gives ξ_c: the ordered and the
// chaotic side.
func sides() [2]float64 { return [2]float64{0.8, 1.25} }

// eocPoint is the edge of chaos at one σ_b², or why there is none.
type eocPoint struct {
	SB2, SW2, QStar float64 // SW2 and QStar NaN when there is no EOC
	Note            string
	// XiC are ξ_c at sides()[i]·SW2 (NaN where the length map has no fixed point there).
	XiC [2]float64
	// Stab is the forward map's stability and the stable branch of q* (table points only).
	Stab stability
}

func (p eocPoint) ok() bool { return !math.IsNaN(p.SW2) }

// phaseResult is one activation's phase diagram.
type phaseResult struct {
	Act     string
	Kind    string // stock or derived
	Capped  bool   // DF capped by maxslope: the EOC exists only because of the cap
	SW2s    []float64
	SB2s    []float64
	Chi     [][]float64 // Chi[i][j] = χ₁(SW2s[j], SB2s[i]); NaN: no finite q*
	Curve   []eocPoint
	Table   []eocPoint // at tableSB2()
	Coarse  bool       // a 3× coarser grid: χ₁ costs more than PhaseSlow times tanh's
	Seconds float64
}

// phaseDiagrams computes every activation's phase diagram on workers goroutines.
func phaseDiagrams(ctx context.Context, cfg Config, workers int, stderr io.Writer) ([]phaseResult, error) {
	a, err := activations.Parse("tanh")
	if err != nil {
		return nil, err
	}
	tanh, err := theory(a)
	if err != nil {
		return nil, err
	}
	ref := chiCost(tanh)
	res := make([]phaseResult, len(cfg.PhaseActs))
	errs := make([]error, len(cfg.PhaseActs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(cfg.PhaseActs)) {
		wg.Go(func() {
			for i := range work {
				if ctx.Err() != nil {
					errs[i] = ctx.Err()
					continue
				}
				res[i], errs[i] = phaseOne(cfg, cfg.PhaseActs[i], ref)
				if errs[i] == nil {
					fmt.Fprintf(stderr, "criticality: phase diagram %s: %d×%d grid in %.1f s\n", res[i].Act, len(res[i].SW2s), len(res[i].SB2s), res[i].Seconds)
				}
			}
		})
	}
	for i := range cfg.PhaseActs {
		work <- i
	}
	close(work)
	wg.Wait()
	return res, errors.Join(errs...)
}

// theory returns the mean-field theory of an activation with the default options (length map
// iterated from q = 1).
func theory(a activations.Activation) (*signal.Theory, error) {
	return signal.New(nn.SignalActivation(a), nil)
}

// kind returns "stock" or "derived" for a spec, from the registry.
func kind(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if info, err := activations.Describe(name); err == nil {
		return info.Kind.String()
	}
	return ""
}

// chiCost returns the mean wall time of one χ₁ evaluation over a few grid points.
func chiCost(th *signal.Theory) float64 {
	t0 := time.Now()
	n := 0
	for _, sw2 := range []float64{0.3, 1.5, 6} {
		for _, sb2 := range []float64{0, 0.5} {
			th.Chi1(sw2, sb2)
			n++
		}
	}
	return time.Since(t0).Seconds() / float64(n)
}

// phaseOne computes one activation's phase diagram. The cost of a χ₁ evaluation is measured
// first and compared with tanh's (ref, measured the same way): an activation more than
// cfg.PhaseSlow times slower (population: ~50×) is drawn on a grid 3 times coarser in each
// direction, with a third of the EOC-curve points (the table's σ_b² are always computed). The
// ratio, not the time, decides, so that the grid does not depend on the machine's load.
func phaseOne(cfg Config, a activations.Activation, ref float64) (phaseResult, error) {
	start := time.Now()
	th, err := theory(a)
	if err != nil {
		return phaseResult{}, err
	}
	spec := a.String()
	r := phaseResult{Act: spec, Kind: kind(spec), Capped: strings.Contains(spec, "maxslope=")}
	gw, gb, cb := cfg.GridW, cfg.GridB, cfg.CurveB
	if chiCost(th) > cfg.PhaseSlow*ref {
		gw, gb, cb = max(6, gw/3), max(4, gb/3), max(3, cb/3)
		r.Coarse = true
	}
	// The EOC curve, then the table's points (sharing the searches).
	eoc := map[float64]eocPoint{}
	point := func(sb2 float64) eocPoint {
		if p, ok := eoc[sb2]; ok {
			return p
		}
		p := eocAt(th, sb2)
		eoc[sb2] = p
		return p
	}
	for _, u := range linspace(0, 1, cb) { // quadratic spacing: the curve bends most near σ_b² = 0
		r.Curve = append(r.Curve, point(u*u))
	}
	for _, sb2 := range tableSB2() {
		p := point(sb2)
		if p.ok() {
			for i, f := range sides() {
				p.XiC[i] = math.NaN()
				if ds, err := th.DepthScales(f*p.SW2, sb2); err == nil {
					p.XiC[i] = ds.XiC
				}
			}
		}
		p.Stab = stabilityAt(th, p)
		p.Note = noteWithBranch(p.Note, p.Stab)
		r.Table = append(r.Table, p)
	}
	for _, sb2 := range tableSB2() { // the curve shows the table's points too
		if !slices.ContainsFunc(r.Curve, func(p eocPoint) bool { return p.SB2 == sb2 }) {
			r.Curve = append(r.Curve, eoc[sb2])
		}
	}
	slices.SortFunc(r.Curve, func(a, b eocPoint) int { return cmpFloat(a.SB2, b.SB2) })
	// σ_w² axis: 0.1 … max(10, 4·largest EOC σ_w²), log-spaced.
	hi := 10.0
	for _, p := range r.Curve {
		if p.ok() {
			hi = math.Max(hi, 4*p.SW2)
		}
	}
	r.SW2s = logspace(0.1, hi, gw)
	r.SB2s = linspace(0, 1, gb)
	r.Chi = th.PhaseDiagram(r.SW2s, r.SB2s)
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}

// eocAt returns the EOC at sb2, or NaN with a short reason.
func eocAt(th *signal.Theory, sb2 float64) eocPoint {
	p := eocPoint{SB2: sb2, SW2: math.NaN(), QStar: math.NaN(), XiC: [2]float64{math.NaN(), math.NaN()}}
	sw2, err := th.EOCWeightVariance(sb2)
	if err != nil {
		p.Note = noEOCReason(err)
		return p
	}
	_, q, err := th.Chi1(sw2, sb2)
	if err != nil {
		p.Note = err.Error()
		return p
	}
	p.SW2, p.QStar = sw2, q
	return p
}

// noEOCReason turns EOCWeightVariance's error into a short note for the table.
func noEOCReason(err error) string {
	msg := err.Error()
	switch {
	case !errors.Is(err, signal.ErrNoEOC):
		return msg
	case strings.Contains(msg, "q* → ∞"):
		return "χ₁ → 1 only as q* → ∞"
	case strings.Contains(msg, "q* diverges beyond"):
		// "q* diverges beyond σ_w² = X where χ₁ = Y"
		_, rest, _ := strings.Cut(msg, "beyond σ_w² = ")
		xs, ys, _ := strings.Cut(rest, " where χ₁ = ")
		x, e1 := strconv.ParseFloat(strings.TrimSpace(xs), 64)
		y, e2 := strconv.ParseFloat(strings.TrimSpace(ys), 64)
		if e1 == nil && e2 == nil {
			return fmt.Sprintf("q* diverges beyond σ_w² = %.3g, where χ₁ = %.3g", x, y)
		}
		return "q* diverges before χ₁ reaches 1"
	case strings.Contains(msg, "jumps"):
		return "χ₁ jumps across 1 (q* changes branch)"
	case strings.Contains(msg, "stays in"):
		// "χ₁ stays in [a, b] for σ_w² in …"
		if _, rest, ok := strings.Cut(msg, "stays in ["); ok {
			if bounds, _, ok := strings.Cut(rest, "]"); ok {
				lohi := strings.Split(bounds, ", ")
				if len(lohi) == 2 {
					lo, e1 := strconv.ParseFloat(lohi[0], 64)
					hi, e2 := strconv.ParseFloat(lohi[1], 64)
					switch {
					case e1 == nil && e2 == nil && hi < 1:
						return fmt.Sprintf("ordered wherever q* is finite (χ₁ ≤ %.3g)", hi)
					case e1 == nil && e2 == nil && lo > 1:
						return fmt.Sprintf("chaotic everywhere (χ₁ ≥ %.3g)", lo)
					}
				}
			}
		}
		return "χ₁ never crosses 1"
	}
	return "none"
}

func linspace(a, b float64, n int) []float64 {
	if n == 1 {
		return []float64{a}
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	v[n-1] = b
	return v
}

func logspace(a, b float64, n int) []float64 {
	v := linspace(math.Log(a), math.Log(b), n)
	for i := range v {
		v[i] = math.Exp(v[i])
	}
	v[0], v[n-1] = a, b
	return v
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// slug is a file-name form of an activation spec: the bare name for a registry default,
// else the spec with ':', '=', ',' and ';' replaced.
func slug(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if d, err := activations.Default(name); err == nil && d == spec {
		return name
	}
	return strings.NewReplacer(":", "_", "=", "", ",", "_", ";", "_", "/", "_").Replace(spec)
}

// sig formats v with n significant digits; NaN as "—", +Inf as "∞".
func sig(v float64, n int) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	}
	return strconv.FormatFloat(v, 'g', n, 64)
}
