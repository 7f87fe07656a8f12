// Package units parses the sizes and durations people type on a command
// line: "256M", "4GiB", "1.5g", "90d", "12h".
package units

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseSize parses a byte count with an optional binary suffix (K, M, G, T,
// with or without "iB"/"B"; all powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			t = t[:len(t)-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("bad size %q (examples: 512K, 256M, 4G)", s)
	}
	return int64(v * float64(mult)), nil
}

// FormatSize formats a byte count for people.
func FormatSize(n int64) string {
	const u = 1024
	if n < u {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(u), 0
	for m := n / u; m >= u && exp < 3; m /= u {
		div *= u
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGT"[exp])
}

// ParseDuration parses a Go duration, plus days ("90d") and weeks ("2w").
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if strings.HasSuffix(t, suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(t, suffix), 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("bad duration %q", s)
			}
			return time.Duration(v * float64(unit)), nil
		}
	}
	d, err := time.ParseDuration(t)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %q (examples: 90d, 2w, 12h)", s)
	}
	return d, nil
}
