package datasets

import (
	"encoding/binary"
	"fmt"
)

// IDX is the file format of LeCun's MNIST distribution (http://yann.lecun.com/exdb/mnist/): a
// big-endian header
//
//	0x00 0x00 <type> <ndims>   then ndims uint32 sizes, then the data, row-major
//
// where type 0x08 is unsigned byte. Labels are 1-dimensional (magic 0x00000801), images
// 3-dimensional (magic 0x00000803: count, rows, columns).
const (
	idxUbyte       = 0x08
	idxLabelsMagic = 0x00000801
	idxImagesMagic = 0x00000803
)

// parseIDX checks an unsigned-byte IDX buffer with the given number of dimensions and returns
// its sizes and its payload (a slice of buf). Wrong magic, a zero size or a payload whose length
// is not the product of the sizes are errors.
func parseIDX(buf []byte, ndims int) (dims []int, payload []byte, err error) {
	header := 4 + 4*ndims
	if len(buf) < header {
		return nil, nil, fmt.Errorf("IDX header needs %d bytes, file has %d", header, len(buf))
	}
	magic := binary.BigEndian.Uint32(buf)
	want := uint32(idxUbyte)<<8 | uint32(ndims)
	if magic != want {
		return nil, nil, fmt.Errorf("IDX magic number is 0x%08x, want 0x%08x (unsigned bytes, %d dimensions)", magic, want, ndims)
	}
	size := 1
	dims = make([]int, ndims)
	for i := range dims {
		d := binary.BigEndian.Uint32(buf[4+4*i:])
		if d == 0 || d > 1<<28 {
			return nil, nil, fmt.Errorf("IDX dimension %d has size %d", i, d)
		}
		dims[i] = int(d)
		size *= dims[i]
	}
	payload = buf[header:]
	if len(payload) != size {
		return nil, nil, fmt.Errorf("IDX sizes %v need %d data bytes, file has %d", dims, size, len(payload))
	}
	return dims, payload, nil
}
