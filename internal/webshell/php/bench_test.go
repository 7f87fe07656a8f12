package php

import (
	"bytes"
	"testing"
)

func BenchmarkBraces(b *testing.B) {
	src := append([]byte("<?php "), bytes.Repeat([]byte("{"), 1<<20)...)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		l := NewLexer(src)
		for {
			if _, ok := l.Next(); !ok {
				break
			}
		}
	}
}
