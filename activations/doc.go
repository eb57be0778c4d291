// Package activations holds the activation functions derived from the Ising model in the
// founding paper (Sakthivadivel 2022, "Formalizing the Use of the Activation Function in
// Neural Inference", section 2.4), the stock activations they are compared with, one registry
// of them all, and the Gorgonia ops that put them into a graph with exact gradients.
//
// # Specs
//
// Every activation is named by a spec, "name" or "name:key=value,key=value", for example
// "quench-tanh:a=2,c=-1". Omitted parameters take their defaults; a.String() is the canonical
// spec with every parameter printed, and Parse(a.String()) gives the activation back. The
// nested spec of population writes its commas as semicolons:
// "population:of=quench-tanh:a=2;c=-1,sigma=0.3". Names lists the registry, All and Describe
// describe each entry (kind, doc line, parameters with ranges and defaults), Default gives its
// default spec.
//
// # Learnable parameters
//
// The keys learn=<param>[+<param>…] and per=layer|unit (default layer) make an activation's
// continuous physical parameters learnable: "quench-mf:h=0,learn=h,per=unit",
// "quench-tanh:a=1,c=-1,learn=a+c,per=layer". The values in the spec are the initial values;
// Parse returns a Learned, whose String is the canonical spec with learn= (keys in declaration
// order) and per=. Learnable are h (mf-magnetization, quench-mf), a and theta (tanh-fit), a and
// c (quench-tanh), c (quench-sigmoid) and sigma (population); Info.Learnable lists them, and a
// parse error lists them too. The Learnable interface gives the activation at any parameter
// values with its exact ∂F/∂θ (implicit-function derivatives of the mean-field root, the spike
// count's ∂S/∂h in closed form, the heat equation ∂F/∂σ = σF″), and ApplyLearned puts it into
// a graph with the parameters as input nodes (a vector of length 1 per layer, of the layer's
// width per unit), so that gorgonia.Grad reaches them. Each parameter's registered range
// bounds it: the trainer projects after every step (Learned.Project). The keys min.<param>= and
// max.<param>= narrow that range: "quench-mf:h=0,learn=h,per=unit,min.h=0" keeps a field learned
// from 0 on the m > 0 branch the network starts on (for x > 0 the mean-field forms jump where h
// changes sign, a jump the gradient cannot see; see learn_range.go).
//
// The pre-activation x is read as a quench measured in units of the model's critical
// temperature: the reduced temperature a unit sees is t = T/Tc = 1 − x, so every derived
// activation fires at x = 0 (the critical point) and is fully ordered at x = 1, and the
// layer's bias learns any shift. Mean field has Tc = zJ = 1; the 2D Ising forms
// (onsager-magnetization, quench-onsager) have Tc = 2.269… in units of J and take units=j to
// measure x in units of J instead (T = Tc − x, the scale used before the comparison
// protocol v2).
//
//	stock:    tanh, sigmoid, relu, softplus, mish (Gorgonia's own ops), elu, gelu, swish
//	derived:  mf-magnetization, tanh-fit, quench-tanh, quench-sigmoid, quench-mf,
//	          onsager-magnetization, quench-onsager, population
//
// # Graphs
//
// Apply(a, x) puts an activation into a Gorgonia graph, elementwise on a node of any shape,
// float32 or float64. Activations that Gorgonia implements use Gorgonia's op; all others
// (including an Activation defined outside this package) use one generic op that evaluates F
// in the forward pass and g·DF(x) in a single backward op, so gorgonia.Grad differentiates
// them. On float32 tensors the built-in activations use fast float32-precision kernels.
//
// # Adding a derived activation
//
// One file and one registry line. The file holds a type whose exported fields are the
// parameters (with documented defaults), its F and DF, a String that prints the canonical
// spec, the parameter list and a constructor:
//
//	// Softsign is F = x/(1 + |x|), DF = 1/(1 + |x|)² (Elliott 1993), scaled by K.
//	type Softsign struct {
//		// K scales the input; default 1, range [0.01, 100].
//		K float64
//	}
//
//	var _ Activation = Softsign{}
//
//	var softsignParams = []Param{floatParam("k", 1, 0.01, 100, "input scale")}
//
//	func newSoftsign(p args) (Activation, error) { return Softsign{K: p.float("k")}, nil }
//
//	func (s Softsign) String() string        { return specOf("softsign", "k", s.K) }
//	func (s Softsign) F(x float64) float64  { return s.K * x / (1 + math.Abs(s.K*x)) }
//	func (s Softsign) DF(x float64) float64 { d := 1 + math.Abs(s.K*x); return s.K / (d * d) }
//
// and the line in registry.go:
//
//	{"softsign", Derived, "x/(1 + |x|) (Elliott 1993)", softsignParams, newSoftsign},
//
// Parse, Names, All, Apply, the round-trip and gradient tests (they loop over Names), the
// figures and the CLI then know it; TestReferenceValues asks for independent reference values
// of the new name (add them to testdata/refvalues.py and reference_test.go). Optionally, a type speeds up float32 graphs by
// implementing forward32/backward32 (see kernel32), and tells population where its kinks are
// (see kinker) when they are not at x = 0.
package activations
