package main

import (
	"fmt"
	"slices"
	"strings"
)

// splitList splits a comma-separated flag value into its non-blank, trimmed items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseModels reads -model: a comma list of "mlp" and "perceptron", each at most once.
func parseModels(s string) ([]string, error) {
	models := splitList(s)
	if len(models) == 0 {
		return nil, fmt.Errorf("-model is empty (valid: mlp, perceptron)")
	}
	for i, m := range models {
		if m != "mlp" && m != "perceptron" {
			return nil, fmt.Errorf("-model %q is unknown (valid: mlp, perceptron)", m)
		}
		if slices.Contains(models[:i], m) {
			return nil, fmt.Errorf("-model %s is given twice", m)
		}
	}
	return models, nil
}
