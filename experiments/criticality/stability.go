package criticality

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/isingact/isingact/physics/signal"
)

// stability is what the EOC table adds at one σ_b² beyond χ₁ (issue 12): whether the forward
// pass is stable at the edge, and the stable branch of q*.
type stability struct {
	// QStable is q* on the stable branch at the EOC σ_w² (StableFixedPoint: the length map
	// iterated from q → 0⁺, independent of a starting variance); NaN without EOC.
	QStable float64
	// Forward is the slope of the forward correlation map at c = 1 at the EOC σ_w², from φ = F
	// alone (ForwardStability): 1 where DF is the exact derivative, +Inf for the magnetizations
	// whose F′ is not square-integrable (chaotic forward pass at every σ_w²; their edge belongs to
	// the clipped backward pass only). NaN without EOC.
	Forward float64
	// Stable is "true" when the forward map is stable at c = 1 (Forward ≤ 1), "false" when it
	// is chaotic, "" without EOC.
	Stable string
	// BranchSW2 and BranchQ are where the stable branch of q* ends as σ_w² grows
	// (StableBranchEnd): +Inf when it does not end (bounded φ).
	BranchSW2, BranchQ float64
}

// stabilityAt computes the stability of a table point p of theory th.
func stabilityAt(th *signal.Theory, p eocPoint) stability {
	s := stability{QStable: math.NaN(), Forward: math.NaN(), BranchSW2: math.NaN(), BranchQ: math.NaN()}
	if end, err := th.StableBranchEnd(p.SB2); err == nil {
		s.BranchSW2, s.BranchQ = end.SW2, end.QStar
	}
	if !p.ok() {
		return s
	}
	if q, err := th.StableFixedPoint(p.SW2, p.SB2); err == nil {
		s.QStable = q
	}
	if fs, err := th.ForwardStability(p.SW2, p.SB2); err == nil {
		s.Forward, s.Stable = fs.Chi1, strconv.FormatBool(fs.Stable)
	}
	return s
}

// noteWithBranch replaces a note that names where q* iterated from q = 1 diverges (a boundary
// that depends on that start: for quench-tanh at σ_b² = 0.05, σ_w² = 2.86, where the unstable
// root crosses q = 1) with where the stable branch ends (there, the saddle-node near 2.94).
func noteWithBranch(note string, s stability) string {
	if !strings.HasPrefix(note, "q* diverges") || math.IsNaN(s.BranchSW2) || math.IsInf(s.BranchSW2, 1) {
		return note
	}
	return fmt.Sprintf("no EOC before the stable branch of q* ends at σ_w² = %s (q* = %s)", sig(s.BranchSW2, 4), sig(s.BranchQ, 3))
}

// qText is the table's q* at the EOC: the fixed point reached from q = 1, which the EOC search
// and the eoc initialiser use, and the stable branch's q* beside it when that is another fixed
// point (a bistable length map).
func qText(p eocPoint) string {
	t := sig(p.QStar, 3)
	if q := p.Stab.QStable; !math.IsNaN(q) && math.Abs(q-p.QStar) > 1e-6*math.Max(1, math.Abs(p.QStar)) {
		t += " (from q = 1; the stable branch from q → 0⁺ has q* = " + sig(q, 3) + ")"
	}
	return t
}

// forwardText is the table's words for the forward map at the EOC.
func forwardText(s stability) string {
	switch {
	case s.Stable == "":
		return "—"
	case math.IsInf(s.Forward, 1):
		return "chaotic at every σ_w² (slope ∞)"
	case s.Stable == "true":
		return "stable (slope " + sig(s.Forward, 4) + ")"
	}
	return "chaotic (slope " + sig(s.Forward, 4) + ")"
}
