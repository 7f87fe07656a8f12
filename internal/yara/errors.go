package yara

import (
	"fmt"
	"strings"
)

// Error is one compile error: where it is, the rule it is in (empty outside
// rules) and yara's wording of it.
type Error struct {
	Pos  Pos
	Rule string
	Msg  string
}

// Error formats the error as "file:line:col: rule "name": message".
func (e *Error) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("%s: rule %q: %s", e.Pos, e.Rule, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
}

// ErrorList is the list of errors of one parse, in the order they were
// found. It is returned as an error only when it is not empty.
type ErrorList []*Error

// Error joins the errors, one a line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors so that errors.As finds an *Error.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// bailout is panicked to abandon the current rule after an error; the rule
// loop recovers it and resynchronises on the next rule.
type bailout struct{}
