package activations

import "github.com/isingact/isingact/physics"

// Units is the unit of the quench x of the activations built on the exact 2D Ising model
// (onsager-magnetization, quench-onsager), whose lattice has J = k_B = 1 and critical
// temperature Tc = 2/ln(1 + √2) = 2.269185… (physics.OnsagerTc).
//
// UnitsTc, the default, measures x in units of Tc, as the mean-field activations measure it in
// units of their Tc = zJ = 1: the reduced temperature is t = T/Tc = 1 − x, so every derived
// activation fires at x = 0 and is fully ordered at x = 1. UnitsJ measures x in units of J
// (T = Tc − x, fully ordered at x = Tc), the scale these activations used before the
// comparison protocol v2; with s the scale below, T = Tc − s·x in both cases.
type Units int

const (
	// UnitsTc: T = Tc·(1 − x), s = Tc (spec units=tc, the default).
	UnitsTc Units = iota
	// UnitsJ: T = Tc − x, s = 1 (spec units=j).
	UnitsJ
)

// unitsParam is the spec parameter selecting Units; the first word is the default.
var unitsParam = wordParam("units", []string{"tc", "j"},
	"unit of x: tc (t = T/Tc = 1 − x, ordered at x = 1) or j (T = Tc − x, J = 1, ordered at x = Tc)")

// String returns the spec word, "tc" or "j".
func (u Units) String() string {
	if u == UnitsJ {
		return "j"
	}
	return "tc"
}

// scale returns s with T = Tc − s·x: Tc for UnitsTc, 1 for UnitsJ.
func (u Units) scale() float64 {
	if u == UnitsJ {
		return 1
	}
	return physics.OnsagerTc
}

// unitsOf reads the units parameter of a spec.
func unitsOf(p args) Units {
	if p.word("units") == "j" {
		return UnitsJ
	}
	return UnitsTc
}
