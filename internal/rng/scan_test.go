package rng

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbidden are the math/rand/v2 sources that must not be seeded by hand outside this package:
// rand.NewPCG(seed, const) over consecutive seeds gives correlated streams (see New), and
// rand.NewChaCha8 takes a hand-made seed array. Every random source comes from New.
var forbidden = map[string]bool{"NewPCG": true, "NewChaCha8": true}

// hardSeeded returns the positions in src (one Go file) where a forbidden constructor of
// math/rand/v2 is named, under whatever name the file imports the package. Comments and string
// literals are not code, so doc examples are allowed.
func hardSeeded(name string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	local := map[string]bool{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path != "math/rand/v2" {
			continue
		}
		n := "rand"
		if imp.Name != nil {
			n = imp.Name.Name
		}
		local[n] = true
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && local[id.Name] && forbidden[sel.Sel.Name] {
			found = append(found, fset.Position(sel.Pos()).String()+": "+id.Name+"."+sel.Sel.Name)
		}
		return true
	})
	return found, nil
}

// TestHardSeeded checks the scanner on small files: where it must and must not report.
func TestHardSeeded(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      int
	}{
		{"call", "package p\nimport \"math/rand/v2\"\nvar r = rand.New(rand.NewPCG(1, 2))\n", 1},
		{"chacha", "package p\nimport \"math/rand/v2\"\nvar s = rand.NewChaCha8([32]byte{})\n", 1},
		{"renamed import", "package p\nimport mr \"math/rand/v2\"\nvar f = mr.NewPCG\n", 1},
		{"comment", "package p\n// rng := rand.New(rand.NewPCG(seed, 0))\nvar x = 1\n", 0},
		{"string", "package p\nvar s = \"rand.NewPCG(1, 2)\"\n", 0},
		{"other package", "package p\nimport rand \"example.com/rand\"\nvar s = rand.NewPCG(1, 2)\n", 0},
		{"allowed source", "package p\nimport \"math/rand/v2\"\nvar r = rand.New(rand.NewZipf(nil, 2, 1, 3))\n", 0},
	} {
		got, err := hardSeeded(c.name+".go", []byte(c.src))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != c.want {
			t.Errorf("%s: found %v, want %d", c.name, got, c.want)
		}
	}
}

// TestNoHandSeededSources scans every non-test Go file of the module and fails on a
// rand.NewPCG or rand.NewChaCha8 outside internal/rng (the project's rule: randomness only from
// rng.New(seed, stream)). Test files may build sources by hand (to show the trap, say).
func TestNoHandSeededSources(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	self, _ := filepath.Abs(".")
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(base, ".") || base == "testdata" || base == "vendor" || path == self) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(base, ".go") || strings.HasSuffix(base, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		found, err := hardSeeded(path, src)
		for _, f := range found {
			t.Errorf("%s: seed through rng.New(seed, stream) instead", f)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Errorf("scanned only %d Go files under %s; is the walk broken?", files, root)
	}
}
