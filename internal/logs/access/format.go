package access

import (
	"errors"
	"fmt"
	"strings"
)

// Syntax names the family a Format comes from.
const (
	SyntaxBuiltin = "builtin" // Combined, Common, VhostCombined (one hand-written parser)
	SyntaxNginx   = "nginx"   // compiled from an nginx log_format
	SyntaxApache  = "apache"  // compiled from an Apache LogFormat
	SyntaxW3C     = "w3c"     // IIS / W3C extended: columns from a #Fields line
)

// Format is a compiled access log format. Formats are immutable once
// built and may be shared by parsers running concurrently.
type Format struct {
	// Name is the format's name: "combined", a log_format or LogFormat
	// nickname, or "w3c". It keys Stats.Formats.
	Name string
	// Syntax is one of the Syntax* constants.
	Syntax string
	// Spec is the format string it was compiled from (for W3C, the
	// column list).
	Spec string

	items  []item // literals and fields, alternating; never two fields in a row
	clf    bool   // parsed by the hand-written CLF-family parser
	quoted bool   // has quoted fields
	w3c    []item // W3C columns
}

// String returns the name and syntax, for messages.
func (f *Format) String() string {
	if f == nil {
		return "auto"
	}
	return f.Name + " (" + f.Syntax + ")"
}

// The built-in formats. They share one hand-written parser that accepts
// the whole Common Log Format family, so forcing any of them also
// accepts the others' lines: common ("%h %l %u %t \"%r\" %>s %b"),
// combined (+ "\"%{Referer}i\" \"%{User-Agent}i\""), vhost_combined
// ("%v:%p " + combined), and the variants seen in the wild (see the
// package documentation).
var (
	Combined      = &Format{Name: "combined", Syntax: SyntaxBuiltin, Spec: `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, clf: true}
	Common        = &Format{Name: "common", Syntax: SyntaxBuiltin, Spec: `%h %l %u %t "%r" %>s %b`, clf: true}
	VhostCombined = &Format{Name: "vhost_combined", Syntax: SyntaxBuiltin, Spec: `%v:%p %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, clf: true}
	// IIS is the W3C extended log format whose columns come from the
	// file's own "#Fields:" lines; lines before the first one are
	// unparsed.
	IIS = &Format{Name: "w3c", Syntax: SyntaxW3C}
)

// kind says what a field of a format means, that is where its value goes.
type kind uint8

const (
	kLit        kind = iota // not a field: a literal
	kAddr                   // client address: SrcIP
	kServerAddr             // server address: DstIP
	kIdent                  // identd name
	kUser                   // remote user
	kTimeCLF                // 10/Oct/2000:13:55:36 -0700
	kTimeCLFB               // [10/Oct/2000:13:55:36 -0700] (Apache %t)
	kTimeISO                // 2000-10-10T13:55:36-07:00
	kTimeStrf               // Apache %{strftime}t
	kTimeUnit               // Apache %{sec|msec|usec}t, nginx $msec
	kTimeFrac               // Apache %{msec_frac|usec_frac}t
	kRequest                // "GET /x HTTP/1.1"
	kMethod
	kURI         // path and query
	kPath        // path only
	kDecodedPath // nginx $uri: decoded, normalised; the path only when nothing better
	kQuery       // query without '?'
	kQueryQ      // query with its '?' (Apache %q), or empty
	kProtocol    // HTTP/1.1
	kStatus      // 3 digits or "-"
	kBytes       // response body size: digits or "-"
	kNum         // another number kept under name: digits, '.', or "-"
	kReferer     // Referer header
	kUA          // User-Agent header
	kXFF         // X-Forwarded-For header
	kVhost       // server name / Host
	kServerPort  // DstPort
	kRemotePort  // SrcPort
	kOther       // kept in Fields under name
	kDate        // W3C date: 2000-10-10
	kClock       // W3C time: 13:55:36[.123]
	kHost        // the logging host: Host
	kUAPlus      // W3C cs(User-Agent): '+' for ' '
)

// item is one element of a compiled format.
type item struct {
	kind   kind
	lit    string // the literal, for kLit
	name   string // Fields name for kNum/kOther; strftime pattern for kTimeStrf; unit for kTimeUnit
	quoted bool   // between '"' literals: the end may be escaped inside
	scale  int64  // units per second for kTimeUnit / kTimeFrac
}

// maxFields bounds the fields of a format, so matching (recursive, one
// level per field) has a bounded depth.
const maxFields = 64

// errNoFields is returned for a format without any field.
var errNoFields = errors.New("format has no fields")

// builder accumulates items while compiling.
type builder struct {
	items  []item
	fields int
	lit    strings.Builder
}

func (b *builder) literal(s string) { b.lit.WriteString(s) }

func (b *builder) field(it item) error {
	if b.lit.Len() > 0 {
		b.items = append(b.items, item{kind: kLit, lit: b.lit.String()})
		b.lit.Reset()
	}
	if n := len(b.items); n > 0 && b.items[n-1].kind == kPath && it.kind == kQueryQ {
		// Apache "%U%q": the path and its "?query" written as one.
		b.items[n-1].kind = kURI
		return nil
	}
	if n := len(b.items); n > 0 && b.items[n-1].kind != kLit {
		return fmt.Errorf("two fields with nothing between them (%s then %s): lines cannot be split", b.items[n-1].describe(), it.describe())
	}
	b.fields++
	if b.fields > maxFields {
		return fmt.Errorf("more than %d fields", maxFields)
	}
	b.items = append(b.items, it)
	return nil
}

func (b *builder) done(name, syntax, spec string) (*Format, error) {
	if b.lit.Len() > 0 {
		b.items = append(b.items, item{kind: kLit, lit: b.lit.String()})
	}
	if b.fields == 0 {
		return nil, errNoFields
	}
	items := b.items
	// A format that logs only the total bytes sent (Debian's combined
	// uses %O) has them as its "bytes"; with the body size too they stay
	// apart.
	hasBytes := false
	for _, it := range items {
		hasBytes = hasBytes || it.kind == kBytes
	}
	for i := range items {
		if !hasBytes && items[i].kind == kNum && items[i].name == "bytes_sent" {
			items[i].kind, items[i].name = kBytes, ""
			hasBytes = true
		}
	}
	for i := range items {
		if items[i].kind == kLit {
			continue
		}
		before := i > 0 && strings.HasSuffix(items[i-1].lit, `"`)
		after := i+1 < len(items) && strings.HasPrefix(items[i+1].lit, `"`)
		items[i].quoted = before && after
	}
	f := &Format{Name: name, Syntax: syntax, Spec: spec, items: items}
	for _, it := range items {
		f.quoted = f.quoted || it.quoted
	}
	f.clf = f.sameAs(clfShapes)
	return f, nil
}

// describe names an item for error messages.
func (it item) describe() string {
	if it.kind == kLit {
		return fmt.Sprintf("%q", it.lit)
	}
	if it.name != "" {
		return it.name
	}
	return kindNames[it.kind]
}

var kindNames = [...]string{
	kLit: "literal", kAddr: "client address", kServerAddr: "server address", kIdent: "ident",
	kUser: "user", kTimeCLF: "time", kTimeCLFB: "time", kTimeISO: "time", kTimeStrf: "time",
	kTimeUnit: "time", kTimeFrac: "time fraction", kRequest: "request", kMethod: "method",
	kURI: "uri", kPath: "path", kQuery: "query", kQueryQ: "query", kProtocol: "protocol",
	kStatus: "status", kBytes: "bytes", kNum: "number", kReferer: "referer", kUA: "user agent",
	kXFF: "x-forwarded-for", kVhost: "vhost", kDecodedPath: "uri", kServerPort: "server port",
	kRemotePort: "remote port", kOther: "field", kDate: "date", kClock: "time", kHost: "host",
	kUAPlus: "user agent",
}

// shape renders the items as kinds and literals, to recognise formats
// that are the Common Log Format family under another name.
func (f *Format) shape() string {
	var b strings.Builder
	for _, it := range f.items {
		if it.kind == kLit {
			b.WriteString(it.lit)
		} else {
			fmt.Fprintf(&b, "\x00%d\x00", it.kind)
		}
	}
	return b.String()
}

// clfShapes are the shapes of the formats the hand-written parser reads
// exactly (same fields, same meaning): combined and common, as nginx and
// Apache write them, and nginx's default "main".
var clfShapes = map[string]bool{}

func init() {
	for _, s := range []string{
		`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
		`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`,
		`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent`,
	} {
		f, err := ParseNginxFormat(s)
		if err != nil {
			panic(err)
		}
		clfShapes[f.shape()] = true
	}
	for _, s := range []string{
		`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`,
		`%h %l %u %t "%r" %>s %b`,
		`%v:%p %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`,
		`%a %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`,
		`%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`, // Debian's combined logs %O
		`%h %l %u %t "%r" %>s %O`,
		`%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
	} {
		f, err := ParseApacheFormat(s)
		if err != nil {
			panic(err)
		}
		clfShapes[f.shape()] = true
	}
}

func (f *Format) sameAs(shapes map[string]bool) bool {
	return shapes[f.shape()]
}
