package sigma

import (
	"strings"
	"time"
)

// Event is one log record as the engine sees it.
//
// Field names are yingji's canonical names (time, host, source, type,
// user, src_ip, url, command, ...; see fieldmap.go), never Sigma's: the
// engine translates rule field names when a rule is compiled, so a
// lookup per event is a plain Field call. Field reports ok=false for a
// field the event does not have; a field that is present but empty is
// ("", true). The distinction matters for null and exists.
//
// Keywords returns the text searched by keyword selections (lists of
// bare values), normally the raw log line. Set.Match calls Field and
// Keywords many times per event, so both should return stored strings
// without building them per call.
//
// Time is the event's timestamp; only correlation uses it.
type Event interface {
	Field(name string) (value string, ok bool)
	Keywords() string
	Time() time.Time
}

// MapEvent is a simple Event backed by a map, for tests, tools and
// callers that do not have their own event type. Keywords returns the
// "raw" field, or "message" when there is no raw field.
type MapEvent struct {
	Fields map[string]string
	At     time.Time
}

// Field implements Event.
func (e *MapEvent) Field(name string) (string, bool) {
	v, ok := e.Fields[name]
	return v, ok
}

// Keywords implements Event.
func (e *MapEvent) Keywords() string {
	if v, ok := e.Fields["raw"]; ok {
		return v
	}
	return e.Fields["message"]
}

// Time implements Event.
func (e *MapEvent) Time() time.Time { return e.At }

// String renders the event for test failure messages.
func (e *MapEvent) String() string {
	var b strings.Builder
	b.WriteString(e.At.Format(time.RFC3339))
	for k, v := range e.Fields {
		b.WriteString(" " + k + "=" + v)
	}
	return b.String()
}
