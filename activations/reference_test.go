package activations

import (
	"math"
	"strings"
	"testing"
)

// referenceCases are F and DF of registered activations at several parameter settings, from
// testdata/refvalues.py: each value computed from its defining formula with mpmath at 40
// digits (closed forms; mpmath root finding on m = tanh((m + h)/t) for mean field; Yang's
// formula for 2D Ising; mpmath quadrature for quench integrals and Gaussian averages), sharing
// no code with this package. The 2D Ising forms are on the default scale units=tc (x in units
// of Tc, T = Tc·(1 − x); recomputed for the comparison protocol v2) and on the old scale
// units=j (T = Tc − x), whose values are those the table held before.
var referenceCases = []struct {
	spec     string
	x, f, df float64
}{
	{"tanh", -1.3, -0.86172315931330636429, 0.25743319670309401895},
	{"tanh", -0.2, -0.19737532022490400074, 0.96104298296611660172},
	{"tanh", 0.15, 0.1488850336233179743, 0.97783324676298347626},
	{"tanh", 0.6, 0.53704956699803528586, 0.71157776258722280875},
	{"tanh", 1.7, 0.93540907060309898052, 0.12500987063344658666},
	{"sigmoid", -1.3, 0.2141650169574413874, 0.16829836246906023038},
	{"sigmoid", -0.2, 0.45016600268752209144, 0.24751657271185994459},
	{"sigmoid", 0.15, 0.53742984534374954945, 0.24859900667754299017},
	{"sigmoid", 0.6, 0.64565630622579545291, 0.22878424045665730078},
	{"sigmoid", 1.7, 0.84553473491646529567, 0.13060574696620805884},
	{"relu", -1.3, 0, 0},
	{"relu", -0.2, 0, 0},
	{"relu", 0.15, 0.15, 1},
	{"relu", 0.6, 0.6, 1},
	{"relu", 1.7, 1.7, 1},
	{"softplus", -1.3, 0.24100845383299220527, 0.2141650169574413874},
	{"softplus", -0.2, 0.59813886938159183968, 0.45016600268752209144},
	{"softplus", 0.15, 0.77095704778953207751, 0.53742984534374954945},
	{"softplus", 0.6, 1.0374879504858856265, 0.64565630622579545291},
	{"softplus", 1.7, 1.867786029386265917, 0.84553473491646529567},
	{"mish", -1.3, -0.30738246474949590746, -0.02640096215980151307},
	{"mish", -0.2, -0.10714478086835711957, 0.47153024151340948284},
	{"mish", 0.15, 0.097122841839781412087, 0.69430346782887672388},
	{"mish", 0.6, 0.46613648569432901807, 0.9304707876297239228},
	{"mish", 1.7, 1.6207680739755406771, 1.0842573159450625764},
	{"elu", -1.3, -0.72746820696598739688, 0.27253179303401260312},
	{"elu", -0.2, -0.18126924692201814133, 0.81873075307798185867},
	{"elu", 0.15, 0.15, 1.0},
	{"elu", 0.6, 0.6, 1.0},
	{"elu", 1.7, 1.7, 1.0},
	{"elu:alpha=0.5", -1.3, -0.36373410348299369844, 0.13626589651700630156},
	{"elu:alpha=0.5", -0.2, -0.090634623461009070665, 0.40936537653899092933},
	{"elu:alpha=0.5", 0.15, 0.15, 1.0},
	{"elu:alpha=0.5", 0.6, 0.6, 1.0},
	{"elu:alpha=0.5", 1.7, 1.7, 1.0},
	{"gelu", -1.3, -0.1258406299612934331, -0.1259786850765392309},
	{"gelu", -0.2, -0.084148058112179395392, 0.34253175176580580136},
	{"gelu", 0.15, 0.083942653855536377694, 0.61878959200642585228},
	{"gelu", 0.6, 0.43544812934995585182, 0.9256816439850062011},
	{"gelu", 1.7, 1.6242387133104768329, 1.1153179687821647299},
	{"swish", -1.3, -0.27841452204467380362, -0.0046228542523369120947},
	{"swish", -0.2, -0.090033200537504418288, 0.40066268814515010252},
	{"swish", 0.15, 0.080614476801562432417, 0.57471969634538099797},
	{"swish", 0.6, 0.38739378373547727175, 0.78292685049978983338},
	{"swish", 1.7, 1.4374090493579910026, 1.0675645047590189957},
	{"tanh-fit", -1.3, 1.6788272481495223283e-7, 2.0145923595641152984e-6},
	{"tanh-fit", -0.2, 0.083172696493922370663, 0.91505998862222692864},
	{"tanh-fit", 0.15, 0.85814893509951221041, 1.4607520834450246876},
	{"tanh-fit", 0.6, 0.99925397116616330291, 0.0089456672977893761279},
	{"tanh-fit", 1.7, 0.99999999861836741083, 1.6579591047140658764e-8},
	{"tanh-fit:a=2,theta=0.5", -1.3, 0.00074602883383669708619, 0.002981889099263125376},
	{"tanh-fit:a=2,theta=0.5", -0.2, 0.057324175898868746208, 0.21615245902553720712},
	{"tanh-fit:a=2,theta=0.5", 0.15, 0.19781611144141825185, 0.63473958998245858737},
	{"tanh-fit:a=2,theta=0.5", 0.6, 0.59868766011245200037, 0.96104298296611660172},
	{"tanh-fit:a=2,theta=0.5", 1.7, 0.99183742884684010482, 0.032383774341317988477},
	{"quench-tanh", -1.3, -0.31075124429613774751, 0.069138420343346817853},
	{"quench-tanh", -0.2, -0.090065964079996342874, 0.40131233988754799963},
	{"quench-tanh", 0.15, 0.080604031954290904699, 0.57444251681165898715},
	{"quench-tanh", 0.6, 0.38506764338904293989, 0.76852478349901764293},
	{"quench-tanh", 1.7, 1.3698406449324600162, 0.96770453530154949026},
	{"quench-tanh:a=6,c=-1", -1.3, -1.0577622510564338668, 1.6788272481495223283e-7},
	{"quench-tanh:a=6,c=-1", -0.2, -1.0505259190338329692, 0.083172696493922370663},
	{"quench-tanh:a=6,c=-1", 0.15, -0.89501413083615593123, 0.85814893509951221041},
	{"quench-tanh:a=6,c=-1", 0.6, -0.45770007277567647025, 0.99925397116616330291},
	{"quench-tanh:a=6,c=-1", 1.7, 0.64223773506847394006, 0.99999999861836741083},
	{"quench-sigmoid", -1.3, -0.45213872672695310415, 0.2141650169574413874},
	{"quench-sigmoid", -0.2, -0.095008311178353469732, 0.45016600268752209144},
	{"quench-sigmoid", 0.15, 0.077809867229586768097, 0.53742984534374954945},
	{"quench-sigmoid", 0.6, 0.34434076992594031703, 0.64565630622579545291},
	{"quench-sigmoid", 1.7, 1.1746388488263206076, 0.84553473491646529567},
	{"quench-sigmoid:c=-0.5", -1.3, -0.95213872672695310415, 0.2141650169574413874},
	{"quench-sigmoid:c=-0.5", -0.2, -0.59500831117835346973, 0.45016600268752209144},
	{"quench-sigmoid:c=-0.5", 0.15, -0.4221901327704132319, 0.53742984534374954945},
	{"quench-sigmoid:c=-0.5", 0.6, -0.15565923007405968297, 0.64565630622579545291},
	{"quench-sigmoid:c=-0.5", 1.7, 0.67463884882632060759, 0.84553473491646529567},
	{"mf-magnetization", -0.4, 0.0, 0.0},
	{"mf-magnetization", 0.05, 0.37948520667808984096, 3.6372311144586044102},
	{"mf-magnetization", 0.3, 0.82863479864083450986, 0.95942906377278504126},
	{"mf-magnetization", 0.8, 0.99990912171523255094, 0.0045474272785669867511},
	{"mf-magnetization", 1.4, 1.0, 0.0},
	{"mf-magnetization:h=0.1", -0.4, 0.2344491832850214988, 0.49621512958226006994},
	{"mf-magnetization:h=0.1", 0.05, 0.6697152087116996986, 1.1212152531971327482},
	{"mf-magnetization:h=0.1", 0.3, 0.88770903448947683946, 0.61286767146935705974},
	{"mf-magnetization:h=0.1", 0.8, 0.99996658599339699873, 0.0018382980744480646885},
	{"mf-magnetization:h=0.1", 1.4, 1.0, 0.0},
	{"mf-magnetization:h=-0.3", -0.4, -0.53398555637946518589, -0.62154339252299606066},
	{"mf-magnetization:h=-0.3", 0.05, -0.83061709006206372137, -0.57667368635947683004},
	{"mf-magnetization:h=-0.3", 0.3, -0.94445769498723345183, -0.32432657879955711292},
	{"mf-magnetization:h=-0.3", 0.8, -0.99999547914702815869, -0.00029386704229467285009},
	{"mf-magnetization:h=-0.3", 1.4, -1.0, 0.0},
	{"quench-mf", -0.4, 0.0, 0.0},
	{"quench-mf", 0.05, 0.012754068125917952396, 0.37948520667808984096},
	{"quench-mf", 0.3, 0.17554918514630592357, 0.82863479864083450986},
	{"quench-mf", 0.8, 0.65255833048109849553, 0.99990912171523255094},
	{"quench-mf", 1.4, 1.2525567976350115818, 1.0},
	{"quench-mf:h=0.1", -0.4, -0.15823076678360747065, 0.2344491832850214988},
	{"quench-mf:h=0.1", 0.05, 0.032052521199539068429, 0.6697152087116996986},
	{"quench-mf:h=0.1", 0.3, 0.22942983365007249429, 0.88770903448947683946},
	{"quench-mf:h=0.1", 0.8, 0.71457501198195214545, 0.99996658599339699873},
	{"quench-mf:h=0.1", 1.4, 1.3145744925304132351, 1.0},
	{"onsager-magnetization", -0.4, 0.0, 0.0},
	{"onsager-magnetization", 0.02, 0.74624314751719453582, 4.4946613022923951023},
	{"onsager-magnetization", 0.3, 0.98053914405767227301, 0.17646661511023433448},
	{"onsager-magnetization", 0.7, 0.99998406835507578411, 0.00062762470999073580992},
	{"onsager-magnetization", 1.3, 1.0, 0.0},
	{"onsager-magnetization", 0.005, 0.629648162973009195, 10},
	{"onsager-magnetization:maxslope=100", 0.001, 0.51536972303701933713, 64.304930176034011967},
	{"onsager-magnetization:maxslope=100", 0.005, 0.629648162973009195, 15.59895730889622599},
	{"quench-onsager", -0.4, 0.0, 0.0},
	{"quench-onsager", 0.02, 0.013294868171317516492, 0.74624314751719453582},
	{"quench-onsager", 0.3, 0.27036440362238852905, 0.98053914405767227301},
	{"quench-onsager", 0.7, 0.66859254831014099319, 0.99998406835507578411},
	{"quench-onsager", 1.3, 1.2685921986395093523, 1.0},
	{"onsager-magnetization:units=j", -0.4, 0.0, 0.0},
	{"onsager-magnetization:units=j", 0.05, 0.75498537983107748038, 1.811909223632334864},
	{"onsager-magnetization:units=j", 0.5, 0.9614044697998510422, 0.14013847738049557727},
	{"onsager-magnetization:units=j", 1.5, 0.99993779835895502542, 0.00085057893134958778652},
	{"onsager-magnetization:units=j", 2.5, 1.0, 0.0},
	{"quench-onsager:units=j", -0.4, 0.0, 0.0},
	{"quench-onsager:units=j", 0.05, 0.033633875079451282547, 0.75498537983107748038},
	{"quench-onsager:units=j", 0.5, 0.43782992730353819192, 0.9614044697998510422},
	{"quench-onsager:units=j", 1.5, 1.4287337553998573919, 0.99993779835895502542},
	{"quench-onsager:units=j", 2.5, 2.4287298784010548506, 1.0},
	{"population:of=relu,sigma=0.5", -1.1, 0.0024435041582672455662, 0.013903447513498610615},
	{"population:of=relu,sigma=0.5", -0.1, 0.15344731793163824131, 0.42074029056089697696},
	{"population:of=relu,sigma=0.5", 0.2, 0.31521941847372648722, 0.65542174161032416674},
	{"population:of=relu,sigma=0.5", 0.9, 0.90713779194881385432, 0.96406968088707419604},
	{"population:of=relu,sigma=0.5", 2.2, 2.2000005636390480783, 0.99999458745609229614},
	{"population:of=quench-sigmoid,sigma=1", -1.1, -0.31573662511779137573, 0.28573971260884864711},
	{"population:of=quench-sigmoid,sigma=1", -0.1, 0.063944847712240417424, 0.4793482976372359115},
	{"population:of=quench-sigmoid,sigma=1", 0.2, 0.21704026801962671561, 0.54124116888554786604},
	{"population:of=quench-sigmoid,sigma=1", 0.9, 0.64493397355973894308, 0.67868322706070269435},
	{"population:of=quench-sigmoid,sigma=1", 2.2, 1.6607273745943639628, 0.86641676702453150508},
	{"population:of=tanh-fit,sigma=0.3", -1.1, 0.00063206297262741308526, 0.0061467972218432344898},
	{"population:of=tanh-fit,sigma=0.3", -0.1, 0.38237865543897257549, 1.1411985407806858639},
	{"population:of=tanh-fit,sigma=0.3", 0.2, 0.72515428618990118919, 0.99662847106916574544},
	{"population:of=tanh-fit,sigma=0.3", 0.9, 0.99607480397685910798, 0.033384832331159726696},
	{"population:of=tanh-fit,sigma=0.3", 2.2, 0.99999999776833948226, 2.676851162659354875e-8},
	{"population:of=onsager-magnetization,sigma=0.2", -1.1, 1.4236689999386927106e-8, 4.0508853701731332844e-7},
	{"population:of=onsager-magnetization,sigma=0.2", -0.1, 0.26966543137240191634, 1.6019302598712531761},
	{"population:of=onsager-magnetization,sigma=0.2", 0.2, 0.79164173959342375815, 1.3232843566821390082},
	{"population:of=onsager-magnetization,sigma=0.2", 0.9, 0.99978709197179798366, 0.0027247769870978426999},
	{"population:of=onsager-magnetization,sigma=0.2", 2.2, 0.99999999999999999697, 1.1523434928024130296e-16},
	{"population:of=onsager-magnetization:units=j,sigma=0.2", -1.1, 1.2913698653033247408e-8, 3.6749576859967321953e-7},
	{"population:of=onsager-magnetization:units=j,sigma=0.2", -0.1, 0.2478423402840034722, 1.48135091403292055},
	{"population:of=onsager-magnetization:units=j,sigma=0.2", 0.2, 0.73998594548874467138, 1.2954575211098393893},
	{"population:of=onsager-magnetization:units=j,sigma=0.2", 0.9, 0.98959070580392751436, 0.045169106677443214811},
	{"population:of=onsager-magnetization:units=j,sigma=0.2", 2.2, 0.99999990850962546439, 1.5092302722571072588e-6},
	{"population", -1.1, 0.0013703848645578446826, 0.0080833706220093180947},
	{"population", -0.1, 0.10770334006336475873, 0.31991489945639164711},
	{"population", 0.2, 0.23650139131431309377, 0.54229514621701549174},
	{"population", 0.9, 0.77096325397476647802, 0.92360976908589509865},
	{"population", 2.2, 2.0525646626060618339, 0.99993789212598976821},
}

// referenceTol returns the absolute tolerances for F and DF of a spec: rounding for closed
// forms, the documented table accuracy for the physics-backed activations (physics.MeanFieldTable:
// 1e-7 on M and S, 1e-6 relative on dM/dx; physics.OnsagerTable: 1e-9, 1e-7 relative) and
// the tested accuracy of the population table.
func referenceTol(spec string) (tolF, tolDF float64) {
	switch name, _, _ := strings.Cut(spec, ":"); name {
	case "mf-magnetization", "quench-mf":
		return 1e-8, 1e-6
	case "onsager-magnetization", "quench-onsager":
		return 1e-9, 1e-7
	case "population":
		return 1e-8, 1e-7
	}
	return 1e-14, 1e-14
}

func TestReferenceValues(t *testing.T) {
	seen := map[string]bool{}
	parsed := map[string]Activation{}
	worst := map[string][2]float64{}
	for _, c := range referenceCases {
		a, ok := parsed[c.spec]
		if !ok {
			var err error
			if a, err = Parse(c.spec); err != nil {
				t.Fatalf("Parse(%q): %v", c.spec, err)
			}
			parsed[c.spec] = a
		}
		seen[strings.SplitN(c.spec, ":", 2)[0]] = true
		tolF, tolDF := referenceTol(c.spec)
		errF, errDF := math.Abs(a.F(c.x)-c.f), math.Abs(a.DF(c.x)-c.df)
		if !(errF <= tolF*(1+math.Abs(c.f))) {
			t.Errorf("%s: F(%v) = %.17g, want %.17g (diff %.3g)", c.spec, c.x, a.F(c.x), c.f, errF)
		}
		if !(errDF <= tolDF*(1+math.Abs(c.df))) {
			t.Errorf("%s: DF(%v) = %.17g, want %.17g (diff %.3g)", c.spec, c.x, a.DF(c.x), c.df, errDF)
		}
		w := worst[c.spec]
		worst[c.spec] = [2]float64{max(w[0], errF), max(w[1], errDF)}
	}
	for _, c := range referenceCases {
		if w, ok := worst[c.spec]; ok {
			t.Logf("%-48s max |ΔF| %.2g, max |ΔDF| %.2g", c.spec, w[0], w[1])
			delete(worst, c.spec)
		}
	}
	for _, name := range Names() {
		if !seen[name] {
			t.Errorf("no reference values for %s", name)
		}
	}
}
