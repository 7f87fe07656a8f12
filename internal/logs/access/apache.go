package access

import (
	"fmt"
	"strings"
)

// ParseApacheFormat compiles an Apache mod_log_config format. s is
// either a whole directive, as read from httpd.conf:
//
//	LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
//
// or the format string alone, quoted or not. Conditions (%!200,304{X}i)
// and the </> modifiers are accepted and ignored. Directives that have
// no place in event.Event are kept in Fields: %D as request_time_us,
// %T as request_time, %{X}i as "http_" + x in lower case with '-' as '_',
// %{X}C as cookie_x, %{X}o as sent_http_x, %{X}e and %{X}n under x.
func ParseApacheFormat(s string) (*Format, error) {
	name := "apache"
	spec := strings.TrimSpace(s)
	if len(spec) > 9 && strings.EqualFold(spec[:9], "LogFormat") && isSpace(spec[9]) {
		rest := strings.TrimSpace(spec[9:])
		var err error
		spec, rest, err = apacheWord(rest)
		if err != nil {
			return nil, fmt.Errorf("apache LogFormat: %w", err)
		}
		if nick, _, _ := apacheWord(strings.TrimSpace(rest)); nick != "" {
			name = nick
		}
	} else if strings.HasPrefix(spec, `"`) {
		var err error
		if spec, _, err = apacheWord(spec); err != nil {
			return nil, fmt.Errorf("apache format: %w", err)
		}
	}
	var b builder
	for i := 0; i < len(spec); {
		c := spec[i]
		if c == '\\' && i+1 < len(spec) {
			switch spec[i+1] {
			case 'n':
				b.literal("\n")
			case 't':
				b.literal("\t")
			default:
				b.literal(spec[i+1 : i+2])
			}
			i += 2
			continue
		}
		if c != '%' {
			b.literal(spec[i : i+1])
			i++
			continue
		}
		start := i
		i++
		mods := func() {
			for i < len(spec) && strings.IndexByte("<>!0123456789,", spec[i]) >= 0 {
				i++
			}
		}
		mods()
		var arg string
		if i < len(spec) && spec[i] == '{' {
			k := strings.IndexByte(spec[i:], '}')
			if k < 0 {
				return nil, fmt.Errorf("apache format: unclosed %%{ at %d", start)
			}
			arg = spec[i+1 : i+k]
			i += k + 1
		}
		mods()
		if i >= len(spec) {
			return nil, fmt.Errorf("apache format: %q at the end has no directive", spec[start:])
		}
		letter := spec[i]
		i++
		if letter == '%' {
			b.literal("%")
			continue
		}
		if letter == '^' { // %{X}^ti, %{X}^to: trailers
			if i+1 >= len(spec) || spec[i] != 't' || (spec[i+1] != 'i' && spec[i+1] != 'o') {
				return nil, fmt.Errorf("apache format: unknown directive %q", spec[start:min(len(spec), i+2)])
			}
			i += 2
			if err := b.field(item{kind: kOther, name: "trailer_" + headerName(arg)}); err != nil {
				return nil, fmt.Errorf("apache format: %w", err)
			}
			continue
		}
		it, err := apacheDirective(letter, arg)
		if err != nil {
			return nil, fmt.Errorf("apache format: %s: %w", spec[start:i], err)
		}
		if err := b.field(it); err != nil {
			return nil, fmt.Errorf("apache format: %w", err)
		}
	}
	f, err := b.done(name, SyntaxApache, spec)
	if err != nil {
		return nil, fmt.Errorf("apache format %s: %w", name, err)
	}
	return f, nil
}

// apacheWord reads one argument of an Apache directive: a "quoted"
// string (\" inside stays a quote for the format to see) or a bare word.
func apacheWord(s string) (word, rest string, err error) {
	if s == "" {
		return "", "", nil
	}
	if s[0] != '"' && s[0] != '\'' {
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return s, "", nil
		}
		return s[:i], s[i:], nil
	}
	q := s[0]
	var w strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == q:
			w.WriteByte(q)
			i++
		case s[i] == '\\' && i+1 < len(s):
			w.WriteByte('\\') // kept: the format's own escapes (\n, \t)
			w.WriteByte(s[i+1])
			i++
		case s[i] == q:
			return w.String(), s[i+1:], nil
		default:
			w.WriteByte(s[i])
		}
	}
	return "", "", fmt.Errorf("unclosed %c", q)
}

// headerName turns a header name into a Fields name: lower case, '-'
// as '_' ("X-Real-IP" → "x_real_ip").
func headerName(h string) string {
	b := []byte(strings.ToLower(h))
	for i, c := range b {
		if !isVarChar(c) {
			b[i] = '_'
		}
	}
	return string(b)
}

// apacheDirective maps one %-directive to its field.
func apacheDirective(letter byte, arg string) (item, error) {
	switch letter {
	case 'a', 'h':
		return item{kind: kAddr}, nil
	case 'A':
		return item{kind: kServerAddr}, nil
	case 'b', 'B':
		return item{kind: kBytes}, nil
	case 'C':
		return item{kind: kOther, name: "cookie_" + headerName(arg)}, nil
	case 'D':
		return item{kind: kNum, name: "request_time_us"}, nil
	case 'e', 'n':
		if arg == "" {
			return item{}, fmt.Errorf("needs {name}")
		}
		return item{kind: kOther, name: headerName(arg)}, nil
	case 'f':
		return item{kind: kOther, name: "filename"}, nil
	case 'H':
		return item{kind: kProtocol}, nil
	case 'i':
		switch strings.ToLower(arg) {
		case "referer", "referrer":
			return item{kind: kReferer}, nil
		case "user-agent":
			return item{kind: kUA}, nil
		case "x-forwarded-for":
			return item{kind: kXFF}, nil
		case "host":
			return item{kind: kVhost}, nil
		case "":
			return item{}, fmt.Errorf("needs {header}")
		}
		return item{kind: kOther, name: "http_" + headerName(arg)}, nil
	case 'I':
		return item{kind: kNum, name: "bytes_received"}, nil
	case 'k':
		return item{kind: kNum, name: "keepalive_requests"}, nil
	case 'l':
		return item{kind: kIdent}, nil
	case 'L':
		return item{kind: kOther, name: "log_id"}, nil
	case 'm':
		return item{kind: kMethod}, nil
	case 'o':
		return item{kind: kOther, name: "sent_http_" + headerName(arg)}, nil
	case 'O':
		return item{kind: kNum, name: "bytes_sent"}, nil
	case 'p':
		switch arg {
		case "", "canonical", "local":
			return item{kind: kServerPort}, nil
		case "remote":
			return item{kind: kRemotePort}, nil
		}
		return item{}, fmt.Errorf("unknown port %q", arg)
	case 'P':
		return item{kind: kNum, name: "pid"}, nil
	case 'q':
		return item{kind: kQueryQ}, nil
	case 'r':
		return item{kind: kRequest}, nil
	case 'R':
		return item{kind: kOther, name: "handler"}, nil
	case 's':
		return item{kind: kStatus}, nil
	case 'S':
		return item{kind: kNum, name: "bytes_transferred"}, nil
	case 't':
		return apacheTime(arg)
	case 'T':
		switch arg {
		case "", "s":
			return item{kind: kNum, name: "request_time"}, nil
		case "ms":
			return item{kind: kNum, name: "request_time_ms"}, nil
		case "us":
			return item{kind: kNum, name: "request_time_us"}, nil
		}
		return item{}, fmt.Errorf("unknown unit %q", arg)
	case 'u':
		return item{kind: kUser}, nil
	case 'U':
		return item{kind: kPath}, nil
	case 'v', 'V':
		return item{kind: kVhost}, nil
	case 'X':
		return item{kind: kOther, name: "connection_status"}, nil
	}
	return item{}, fmt.Errorf("unknown directive %%%c", letter)
}

// apacheTime maps %t and %{format}t.
func apacheTime(arg string) (item, error) {
	if arg == "" {
		return item{kind: kTimeCLFB}, nil
	}
	arg = strings.TrimPrefix(strings.TrimPrefix(arg, "begin:"), "end:")
	switch arg {
	case "sec":
		return item{kind: kTimeUnit, scale: 1}, nil
	case "msec":
		return item{kind: kTimeUnit, scale: 1000}, nil
	case "usec":
		return item{kind: kTimeUnit, scale: 1000000}, nil
	case "msec_frac", "usec_frac":
		return item{kind: kTimeFrac}, nil
	}
	if arg == "" || !checkStrftime(arg) {
		return item{}, fmt.Errorf("time format %q: unsupported conversion", arg)
	}
	return item{kind: kTimeStrf, name: arg}, nil
}
