package nn

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/isingact/isingact/internal/atomicfile"
)

// The model file format, version 1. All integers and floats are little-endian.
//
//	offset  size  content
//	0       8     magic "ISINGNN\n"
//	8       4     format version (uint32) = 1
//	12      4     header length H (uint32)
//	16      H     header: JSON of the Arch {"kind","in","hidden","out","activation","dtype"}
//	16+H    P     weights W₀, b₀, W₁, b₁, … row-major, 4 bytes a value for float32, 8 for float64
//	16+H+P  32    SHA-256 of bytes [0, 16+H+P)
//
// P follows from the header, so a file of any other length is an error; so is a wrong magic,
// version or checksum, an invalid Arch, or a non-finite weight.
const (
	fileMagic   = "ISINGNN\n"
	fileVersion = 1
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
	for _, p := range m.params {
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
	if v := binary.LittleEndian.Uint32(b[8:]); v != fileVersion {
		return nil, fmt.Errorf("nn: model file format version %d, this build reads version %d", v, fileVersion)
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
	payload := body[fixed+h:]
	if len(payload) != n*width { // checked before allocating anything of the header's sizes
		return nil, fmt.Errorf("nn: model file has %d bytes of weights, the architecture %s needs %d", len(payload), a, n*width)
	}
	m, err := newEmptyModel(a)
	if err != nil {
		return nil, fmt.Errorf("nn: model file header: %w", err)
	}
	for i, p := range m.params {
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

// maxFile bounds the size of a model file Load reads (4 GiB).
const maxFile = 4 << 30

// Load reads a model written by Save. A missing, truncated, corrupted or wrong-version file is an
// error naming the path.
func Load(path string) (*Model, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("nn: loading model: %w", err)
	}
	if st.Size() > maxFile {
		return nil, fmt.Errorf("nn: loading model %s: %d bytes is larger than any model file", path, st.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nn: loading model: %w", err)
	}
	m, err := UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return m, nil
}
