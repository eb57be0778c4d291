package nn

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/isingact/isingact/internal/atomicfile"
	"github.com/isingact/isingact/internal/boundedfile"
)

// The model file format, version 2. All integers and floats are little-endian.
//
//	offset  size  content
//	0       8     magic "ISINGNN\n"
//	8       4     format version (uint32) = 2
//	12      4     header length H (uint32)
//	16      H     header: JSON of the Arch {"kind","in","hidden","out","activation","dtype"}
//	16+H    P     weights W₀, b₀, W₁, b₁, … row-major, 4 bytes a value for float32, 8 for float64,
//	              then the learned activation parameters (only when the activation spec has
//	              learn=): layer by layer, each layer's keys in canonical order, a value per
//	              unit (per=unit) or one (per=layer)
//	16+H+P  32    SHA-256 of bytes [0, 16+H+P)
//
// Version 1 is the same without learned activation parameters (its specs have no learn=);
// UnmarshalModel reads both. P follows from the header, so a file of any other length is an
// error; so is a wrong magic, version or checksum, an invalid Arch, a non-finite weight or a
// learned parameter outside its range.
const (
	fileMagic   = "ISINGNN\n"
	fileVersion = 2
	maxHeader   = 1 << 20
)

type fileHeader struct {
	Kind       Kind   `json:"kind"`
	In         int    `json:"in"`
	Hidden     []int  `json:"hidden"`
	Out        int    `json:"out"`
	Activation string `json:"activation"`
	Dtype      Dtype  `json:"dtype"`
}

// MarshalBinary encodes the model in the file format above.
func (m *Model) MarshalBinary() ([]byte, error) {
	a := m.arch
	hdr, err := json.Marshal(fileHeader{a.Kind, a.In, a.Hidden, a.Out, m.act.String(), a.Dtype})
	if err != nil {
		return nil, fmt.Errorf("nn: encoding the header: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString(fileMagic)
	binary.Write(&buf, binary.LittleEndian, uint32(fileVersion))
	binary.Write(&buf, binary.LittleEndian, uint32(len(hdr)))
	buf.Write(hdr)
	for _, p := range m.learnables() {
		binary.Write(&buf, binary.LittleEndian, p.Data()) // []float32 or []float64
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes(), nil
}

// UnmarshalModel decodes a model from the file format above. A truncated, corrupted or
// wrong-version input is an error, never a panic or a partly read model.
func UnmarshalModel(b []byte) (*Model, error) {
	const fixed = len(fileMagic) + 8
	if len(b) < fixed+sha256.Size {
		return nil, fmt.Errorf("nn: model file truncated: %d bytes, shorter than any model", len(b))
	}
	if string(b[:len(fileMagic)]) != fileMagic {
		return nil, errors.New("nn: not an isingact model file (bad magic)")
	}
	version := binary.LittleEndian.Uint32(b[8:])
	if version != 1 && version != fileVersion {
		return nil, fmt.Errorf("nn: model file format version %d, this build reads versions 1 and %d", version, fileVersion)
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("nn: model file corrupted or truncated (SHA-256 checksum mismatch)")
	}
	h := int(binary.LittleEndian.Uint32(b[12:]))
	if h > maxHeader || fixed+h > len(body) {
		return nil, fmt.Errorf("nn: model file header length %d exceeds the file", h)
	}
	var fh fileHeader
	dec := json.NewDecoder(bytes.NewReader(body[fixed : fixed+h]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fh); err != nil {
		return nil, fmt.Errorf("nn: model file header: %w", err)
	}
	a := Arch{Kind: fh.Kind, In: fh.In, Hidden: fh.Hidden, Out: fh.Out, Activation: fh.Activation, Dtype: fh.Dtype}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("nn: model file header: %w", err)
	}
	width := 8
	if a.Dtype == Float32 {
		width = 4
	}
	n, sizes := 0, a.Sizes()
	for l := 0; l+1 < len(sizes); l++ {
		n += (sizes[l] + 1) * sizes[l+1] // weights and biases
	}
	nAct, err := actParamCount(a, version)
	if err != nil {
		return nil, err
	}
	n += nAct
	payload := body[fixed+h:]
	if len(payload) != n*width { // checked before allocating anything of the header's sizes
		return nil, fmt.Errorf("nn: model file has %d bytes of weights, the architecture %s needs %d", len(payload), a, n*width)
	}
	m, err := newEmptyModel(a)
	if err != nil {
		return nil, fmt.Errorf("nn: model file header: %w", err)
	}
	for i, p := range m.learnables() {
		switch d := p.Data().(type) {
		case []float32:
			for j := range d {
				d[j] = math.Float32frombits(binary.LittleEndian.Uint32(payload))
				payload = payload[4:]
				if math.IsNaN(float64(d[j])) || math.IsInf(float64(d[j]), 0) {
					return nil, fmt.Errorf("nn: model file: weight %d of tensor %d is %v", j, i, d[j])
				}
			}
		case []float64:
			for j := range d {
				d[j] = math.Float64frombits(binary.LittleEndian.Uint64(payload))
				payload = payload[8:]
				if math.IsNaN(d[j]) || math.IsInf(d[j], 0) {
					return nil, fmt.Errorf("nn: model file: weight %d of tensor %d is %v", j, i, d[j])
				}
			}
		}
	}
	if err := m.checkActParams(); err != nil {
		return nil, err
	}
	return m, nil
}

// Save writes the model to path atomically: into a temporary file in the same folder, synced,
// then renamed over path, so a crash leaves either the old file or the new one, never half of
// one.
func (m *Model) Save(path string) error {
	b, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, b); err != nil {
		return fmt.Errorf("nn: saving model: %w", err)
	}
	return nil
}

// maxFile bounds the size of a model file Load reads (4 GiB), whatever its header says.
const maxFile = 4 << 30

// Load reads a model written by Save. A missing, truncated, corrupted or wrong-version file is an
// error naming the path; so is a path that is not a regular file (a named pipe, a device such as
// /dev/zero, a directory), refused before anything is read.
func Load(path string) (*Model, error) {
	b, err := readModelFile(path)
	if err != nil {
		return nil, fmt.Errorf("nn: loading model: %w", err)
	}
	m, err := UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return m, nil
}

// readModelFile reads a model file with a bound derived from its own header: it opens the path
// only if it is a regular file of at most maxFile bytes, reads the prefix that can hold the
// header (16 + maxHeader bytes), and from the architecture there computes the file's exact size
// 16 + H + P + 32 (modelFileSize). A file larger than both that size and the prefix plus a
// checksum is refused before its weights are read; anything smaller is read through
// io.LimitReader and left to UnmarshalModel to judge (and name what is wrong).
func readModelFile(path string) ([]byte, error) {
	f, size, err := boundedfile.Open(path, maxFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	prefix := make([]byte, min(size, int64(len(fileMagic)+8+maxHeader)))
	k, err := io.ReadFull(f, prefix)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	prefix = prefix[:k]
	want := modelFileSize(prefix)
	limit := max(want, int64(k)+sha256.Size)
	if size > limit {
		if want == 0 {
			return nil, fmt.Errorf("%s is %d bytes and its first %d hold no valid model header", path, size, k)
		}
		return nil, fmt.Errorf("%s is %d bytes, more than the %d its header's architecture needs", path, size, want)
	}
	var buf bytes.Buffer
	buf.Grow(int(size) + 1)
	buf.Write(prefix)
	if _, err := buf.ReadFrom(io.LimitReader(f, limit-int64(k)+1)); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%s grew past %d bytes while it was read", path, limit)
	}
	return buf.Bytes(), nil
}

// modelFileSize returns the size 16 + H + P + 32 of the model file whose first bytes are prefix,
// as its header says (P from the header's architecture and dtype), or 0 when the prefix does not
// hold a valid magic, version and header. Sizes past maxFile come back as maxFile + 1.
func modelFileSize(prefix []byte) int64 {
	const fixed = len(fileMagic) + 8
	if len(prefix) < fixed || string(prefix[:len(fileMagic)]) != fileMagic ||
		binary.LittleEndian.Uint32(prefix[8:]) != fileVersion {
		return 0
	}
	h := int64(binary.LittleEndian.Uint32(prefix[12:]))
	if h > maxHeader || int64(fixed)+h > int64(len(prefix)) {
		return 0
	}
	var fh fileHeader
	if err := json.Unmarshal(prefix[fixed:int64(fixed)+h], &fh); err != nil {
		return 0
	}
	a := Arch{Kind: fh.Kind, In: fh.In, Hidden: fh.Hidden, Out: fh.Out, Activation: fh.Activation, Dtype: fh.Dtype}
	if a.Validate() != nil {
		return 0
	}
	width := int64(8)
	if a.Dtype == Float32 {
		width = 4
	}
	total, sizes := int64(fixed)+h+sha256.Size, a.Sizes()
	for l := 0; l+1 < len(sizes); l++ {
		total += (int64(sizes[l]) + 1) * int64(sizes[l+1]) * width // ≤ 2⁴³ a layer: no overflow
		if total > maxFile {
			return maxFile + 1
		}
	}
	return total
}
