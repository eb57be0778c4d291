// Package physics is the pure float64 mathematics that isingact's activations are derived
// from: the mean-field Ising model (magnetization, free energy, susceptibility), the quench
// integral ("spike count") of the founding paper, the exact 2D Ising solution (Onsager, Yang),
// a seeded 2D Ising Monte Carlo (Wolff and Metropolis), the fit of the paper's Eq. 2 and
// Gaussian averages over quench noise.
//
// Units: k_B = 1 and zJ = 1 for mean field (Tc = 1); J = 1 on the square lattice
// (Tc = 2/ln(1+√2)). It imports no Gorgonia.
package physics
