// Command transfer8 computes the exact ⟨|m|⟩ of the 8×8 periodic Ising lattice (J = 1) by a
// magnetization-resolved row transfer matrix: first row fixed and summed over, 7 transfers, the
// closing bond back to the first row. Reference for montecarlo_test.go (about 20 s):
//
//	cd physics/testdata/transfer8 && go run main.go
//
// Output: T=2 0.91145227, T=Tc 0.77733109, T=3 0.34603461.
package main

import (
	"fmt"
	"math"
)

func main() {
	const L = 8
	const S = 1 << L
	const NM = L*L + 1
	var sp [S][L]int
	var intra, ups [S]int
	for c := 0; c < S; c++ {
		for x := 0; x < L; x++ {
			sp[c][x] = 2*((c>>x)&1) - 1
			ups[c] += (c >> x) & 1
		}
		for x := 0; x < L; x++ {
			intra[c] -= sp[c][x] * sp[c][(x+1)%L]
		}
	}
	var inter [S][S]int
	for a := 0; a < S; a++ {
		for b := 0; b < S; b++ {
			for x := 0; x < L; x++ {
				inter[a][b] -= sp[a][x] * sp[b][x]
			}
		}
	}
	Tc := 2 / math.Log(1+math.Sqrt2)
	for _, T := range []float64{2.0, Tc, 3.0} {
		b := 1 / T
		var tm [S][S]float64
		for c := 0; c < S; c++ {
			for d := 0; d < S; d++ {
				tm[c][d] = math.Exp(-b * float64(inter[c][d]+intra[d]))
			}
		}
		var dist [NM]float64
		v := make([][NM]float64, S)
		w := make([][NM]float64, S)
		for a := 0; a < S; a++ {
			for c := range v {
				v[c] = [NM]float64{}
			}
			v[a][ups[a]] = math.Exp(-b * float64(intra[a]))
			for step := 0; step < L-1; step++ {
				for d := 0; d < S; d++ {
					w[d] = [NM]float64{}
				}
				for c := 0; c < S; c++ {
					vc := &v[c]
					for d := 0; d < S; d++ {
						t := tm[c][d]
						k := ups[d]
						wd := &w[d]
						for m := 0; m+k < NM; m++ {
							wd[m+k] += vc[m] * t
						}
					}
				}
				v, w = w, v
			}
			for c := 0; c < S; c++ {
				cl := math.Exp(-b * float64(inter[c][a]))
				for m := 0; m < NM; m++ {
					dist[m] += v[c][m] * cl
				}
			}
		}
		var Z, am float64
		for m := 0; m < NM; m++ {
			Z += dist[m]
			am += dist[m] * math.Abs(float64(2*m-L*L)) / (L * L)
		}
		fmt.Printf("T=%.15g <|m|>=%.8f\n", T, am/Z)
	}
}
