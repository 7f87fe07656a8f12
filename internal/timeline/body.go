package timeline

import (
	"errors"
	"fmt"
	"io"

	"github.com/yingji/yingji/internal/bodyfile"
)

// ReadBody reads a body file (mactime format) and adds the file times of
// each line. Malformed lines are skipped and counted; the error then names
// the first of them, after everything readable was added.
func ReadBody(r io.Reader, add func(Entry)) error {
	br := bodyfile.NewReader(r)
	bad := 0
	var first error
	for {
		b, err := br.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, bodyfile.ErrSyntax) {
			if bad++; first == nil {
				first = err
			}
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range FromBody(b) {
			add(e)
		}
	}
	if bad > 0 {
		return fmt.Errorf("body file: %d malformed line(s) skipped, the first: %w", bad, first)
	}
	return nil
}
