package access

import (
	"fmt"
	"strings"
)

// ParseNginxFormat compiles an nginx access log format. s is either a
// whole directive, as read from nginx.conf:
//
//	log_format main '$remote_addr - $remote_user [$time_local] "$request" '
//	                '$status $body_bytes_sent "$http_referer"';
//
// (the name, an optional escape=, one or more quoted or bare strings,
// an optional ';'), or the format string alone, quoted or not. The
// variables that have a place in event.Event go there (see the package
// documentation); any other $var is kept in Fields under its name
// without the '$' ($upstream_addr as "upstream_addr").
func ParseNginxFormat(s string) (*Format, error) {
	name := "nginx"
	spec := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(spec, "log_format"); ok && (rest == "" || isSpace(rest[0])) {
		words, err := confWords(rest)
		if err != nil {
			return nil, fmt.Errorf("nginx log_format: %w", err)
		}
		if len(words) < 2 {
			return nil, fmt.Errorf("nginx log_format: want a name and a format")
		}
		name = words[0]
		words = words[1:]
		if strings.HasPrefix(words[0], "escape=") {
			words = words[1:]
		}
		spec = strings.Join(words, "")
	} else if spec != "" && (spec[0] == '\'' || spec[0] == '"') {
		words, err := confWords(spec)
		if err != nil {
			return nil, fmt.Errorf("nginx format: %w", err)
		}
		spec = strings.Join(words, "")
	}
	var b builder
	// "$uri$is_args$args" (nginx's idiom for the target) is one field.
	body := strings.ReplaceAll(strings.ReplaceAll(spec, "${uri}${is_args}${args}", "$uri$is_args$args"), "$uri$is_args$args", "${uri is_args args}")
	for i := 0; i < len(body); {
		c := body[i]
		if c != '$' {
			b.literal(body[i : i+1])
			i++
			continue
		}
		var v string
		j := i + 1
		if j < len(body) && body[j] == '{' {
			k := strings.IndexByte(body[j:], '}')
			if k < 0 {
				return nil, fmt.Errorf("nginx format: unclosed ${ at %d", i)
			}
			v = body[j+1 : j+k]
			j += k + 1
		} else {
			for j < len(body) && isVarChar(body[j]) {
				j++
			}
			v = body[i+1 : j]
		}
		if v == "uri is_args args" {
			if err := b.field(item{kind: kURI}); err != nil {
				return nil, fmt.Errorf("nginx format: %w", err)
			}
			i = j
			continue
		}
		if v == "" || !validName(v) {
			b.literal("$") // a lone '$' is text
			i++
			continue
		}
		if err := b.field(nginxVar(v)); err != nil {
			return nil, fmt.Errorf("nginx format: %w", err)
		}
		i = j
	}
	f, err := b.done(name, SyntaxNginx, spec)
	if err != nil {
		return nil, fmt.Errorf("nginx format %s: %w", name, err)
	}
	return f, nil
}

func isVarChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isVarChar(s[i]) {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nginxVar maps an nginx variable to its field.
func nginxVar(v string) item {
	switch strings.ToLower(v) {
	case "remote_addr":
		return item{kind: kAddr}
	case "remote_user":
		return item{kind: kUser}
	case "time_local":
		return item{kind: kTimeCLF}
	case "time_iso8601":
		return item{kind: kTimeISO}
	case "msec":
		return item{kind: kTimeUnit, scale: 1}
	case "request":
		return item{kind: kRequest}
	case "request_method":
		return item{kind: kMethod}
	case "request_uri":
		return item{kind: kURI}
	case "uri", "document_uri":
		// Decoded and normalised by nginx: the path only when nothing
		// else gives it as sent.
		return item{kind: kDecodedPath}
	case "args", "query_string":
		return item{kind: kQuery}
	case "server_protocol":
		return item{kind: kProtocol}
	case "status":
		return item{kind: kStatus}
	case "body_bytes_sent":
		return item{kind: kBytes}
	case "bytes_sent", "request_length":
		return item{kind: kNum, name: v}
	case "http_referer":
		return item{kind: kReferer}
	case "http_user_agent":
		return item{kind: kUA}
	case "http_x_forwarded_for":
		return item{kind: kXFF}
	case "host", "server_name", "http_host":
		return item{kind: kVhost}
	case "server_addr":
		return item{kind: kServerAddr}
	case "server_port":
		return item{kind: kServerPort}
	case "remote_port":
		return item{kind: kRemotePort}
	case "request_time", "connection", "connection_requests", "pid", "gzip_ratio":
		return item{kind: kNum, name: v}
	}
	if strings.HasPrefix(v, "upstream_") {
		for _, suf := range []string{"_time", "_length", "_status", "_bytes_sent", "_bytes_received"} {
			if strings.HasSuffix(v, suf) {
				return item{kind: kNum, name: v}
			}
		}
	}
	return item{kind: kOther, name: v}
}

// confWords splits the arguments of an nginx directive: quoted strings
// ('...' or "..." with backslash escapes) and bare words, up to an
// optional ';'.
func confWords(s string) ([]string, error) {
	var words []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == ';':
			if strings.TrimSpace(s[i+1:]) != "" {
				return nil, fmt.Errorf("text after ';'")
			}
			return words, nil
		case c == '\'' || c == '"':
			var w strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
					switch s[j] {
					case 'n':
						w.WriteByte('\n')
					case 't':
						w.WriteByte('\t')
					case 'r':
						w.WriteByte('\r')
					case '"', '\'', '\\':
						w.WriteByte(s[j])
					default:
						w.WriteByte('\\')
						w.WriteByte(s[j])
					}
					continue
				}
				w.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unclosed %c", c)
			}
			words = append(words, w.String())
			i = j + 1
		default:
			j := i
			for j < len(s) && !isSpace(s[j]) && s[j] != ';' {
				j++
			}
			words = append(words, s[i:j])
			i = j
		}
	}
	return words, nil
}
