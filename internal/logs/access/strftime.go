package access

import "strings"

// checkStrftime reports whether the strftime pattern of an Apache
// %{format}t uses only conversions parseStrftime understands.
func checkStrftime(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i == len(f) || !strings.ContainsRune("YymdeHIMSzZbhBaAjTDFRsnt%p", rune(f[i])) {
			return false
		}
	}
	return true
}

// parseStrftime parses value by the strftime pattern f into t. It is
// strict about literals and lenient about padding (1 or 2 digits where
// strftime pads to 2), which is what Apache's %{format}t writes.
func (t *tparts) parseStrftime(f, v string) bool {
	j := 0
	var ok bool
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			if j >= len(v) || v[j] != c {
				return false
			}
			j++
			continue
		}
		i++
		if i == len(f) {
			return false
		}
		switch f[i] {
		case 'Y':
			t.year, j, ok = num(v, j, 4)
			t.hasDate = true
		case 'y':
			var y int
			if y, j, ok = num(v, j, 2); ok {
				if y < 69 {
					y += 2000
				} else {
					y += 1900
				}
				t.year, t.hasDate = y, true
			}
		case 'm':
			t.month, j, ok = num(v, j, 2)
		case 'd':
			t.day, j, ok = num(v, j, 2)
		case 'e':
			if j < len(v) && v[j] == ' ' {
				j++
			}
			t.day, j, ok = num(v, j, 2)
		case 'H', 'I':
			t.hour, j, ok = num(v, j, 2)
		case 'M':
			t.min, j, ok = num(v, j, 2)
		case 'S':
			t.sec, j, ok = num(v, j, 2)
		case 'j':
			_, j, ok = num(v, j, 3) // day of year: redundant with %m%d
		case 'b', 'h':
			t.month = month(v[j:])
			ok = t.month != 0
			j += 3
		case 'B':
			t.month = month(v[j:])
			ok = t.month != 0
			j = letters(v, j)
		case 'a', 'A':
			k := letters(v, j)
			ok = k > j
			j = k
		case 'p':
			k := letters(v, j)
			switch strings.ToUpper(v[j:k]) {
			case "AM":
				t.am = true
				ok = true
			case "PM":
				t.pm = true
				ok = true
			default:
				ok = false
			}
			j = k
		case 'z':
			t.off, j, ok = zone(v, j)
			t.hasZone = ok
		case 'Z':
			k := letters(v, j)
			ok = k > j
			if z := v[j:k]; z == "UTC" || z == "GMT" || z == "Z" {
				t.off, t.hasZone = 0, true
			} // other names are ambiguous (CST): the time stays zone-less
			j = k
		case 'T':
			j, ok = t.clock(v, j)
		case 'R':
			if t.hour, j, ok = num(v, j, 2); ok && j < len(v) && v[j] == ':' {
				t.min, j, ok = num(v, j+1, 2)
			} else {
				ok = false
			}
		case 'D': // %m/%d/%y
			ok = t.parseStrftime("%m/%d/%y", v[j:min(len(v), j+8)])
			j += 8
		case 'F':
			j, ok = t.isoDate(v, j)
		case 's':
			k := j
			for k < len(v) && v[k] >= '0' && v[k] <= '9' {
				k++
			}
			ok = t.parseUnix(v[j:k], 1)
			j = k
		case 'n', 't':
			k := j
			for k < len(v) && (v[k] == ' ' || v[k] == '\t' || v[k] == '\n') {
				k++
			}
			ok = true
			j = k
		case '%':
			ok = j < len(v) && v[j] == '%'
			j++
		default:
			return false
		}
		if !ok || j > len(v) {
			return false
		}
	}
	if j != len(v) {
		return false
	}
	t.set = true
	return true
}

func letters(s string, i int) int {
	for i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z') {
		i++
	}
	return i
}
