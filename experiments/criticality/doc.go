// Package criticality is the criticality experiment: the edge of chaos of deep networks
// (Poole et al. 2016; Schoenholz et al. 2017, "Deep Information Propagation") for every
// activation — phase diagrams χ₁(σ_w², σ_b²) with the EOC curve from the mean-field theory of
// package physics/signal, deep MLPs on MNIST trained across each activation's EOC, and the eoc
// initialiser against the standard ones.
//
// From Go: criticality.Run(ctx, criticality.Quick(), sweep.Options{Dir: dir, Workers: 2}) does
// what go run ./experiments criticality -quick -out dir -workers 2 does.
package criticality
