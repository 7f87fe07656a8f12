package snapshot

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// plain has Snapshot's fields without its methods, to avoid recursion.
type plain Snapshot

// wire is the JSON form of a Snapshot.
type wire struct {
	*plain
	// RawStrings maps the JSON Pointer (RFC 6901) of every string that is
	// not valid UTF-8 to its exact bytes (base64 in JSON).
	RawStrings map[string][]byte `json:"raw_strings,omitempty"`
}

// MarshalJSON encodes s with encoding/json, plus a "raw_strings" object
// holding the exact bytes of every string that is not valid UTF-8.
//
// Why: command lines, environments, paths and login names are written by
// the attacker and may hold any bytes, but encoding/json replaces invalid
// UTF-8 with U+FFFD. The readable field stays as encoding/json writes it;
// raw_strings lets UnmarshalJSON restore the original, so an evidence
// bundle keeps exactly what the host showed.
func (s Snapshot) MarshalJSON() ([]byte, error) {
	raw := map[string][]byte{}
	collectRaw(reflect.ValueOf(s), "", raw)
	if len(raw) == 0 {
		raw = nil
	}
	p := plain(s)
	return json.Marshal(wire{plain: &p, RawStrings: raw})
}

// UnmarshalJSON decodes what MarshalJSON writes, restoring the exact bytes
// from raw_strings. A raw_strings entry whose pointer does not name a
// string field is an error (the bundle was altered or corrupted).
func (s *Snapshot) UnmarshalJSON(b []byte) error {
	var p plain
	w := wire{plain: &p}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	keys := make([]string, 0, len(w.RawStrings))
	for k := range w.RawStrings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	v := reflect.ValueOf(&p).Elem()
	for _, k := range keys {
		if err := setRaw(v, k, string(w.RawStrings[k])); err != nil {
			return fmt.Errorf("snapshot: raw_strings %q: %w", k, err)
		}
	}
	*s = Snapshot(p)
	return nil
}

// jsonName returns the JSON object key of a struct field, or "" when the
// field is not encoded.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name
}

// escapePointer escapes a JSON Pointer reference token.
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func unescapePointer(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()
)

// collectRaw walks v and records every invalid-UTF-8 string under its
// JSON Pointer. Types with their own JSON or text encoding (time.Time,
// netip.Addr, utmp.Type) hold no free-form strings and are skipped.
func collectRaw(v reflect.Value, ptr string, out map[string][]byte) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); !utf8.ValidString(s) {
			out[ptr] = []byte(s)
		}
	case reflect.Struct:
		if ptr != "" && (v.Type().Implements(marshalerType) || v.Type().Implements(textMarshalerType)) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if name := jsonName(v.Type().Field(i)); name != "" {
				collectRaw(v.Field(i), ptr+"/"+escapePointer(name), out)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // []byte is base64: exact
			return
		}
		for i := 0; i < v.Len(); i++ {
			collectRaw(v.Index(i), ptr+"/"+strconv.Itoa(i), out)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		iter := v.MapRange()
		for iter.Next() {
			collectRaw(iter.Value(), ptr+"/"+escapePointer(iter.Key().String()), out)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectRaw(v.Elem(), ptr, out)
		}
	}
}

// setRaw sets the string at JSON Pointer ptr inside v (addressable).
func setRaw(v reflect.Value, ptr string, s string) error {
	if ptr == "" {
		if v.Kind() != reflect.String || !v.CanSet() {
			return fmt.Errorf("not a string")
		}
		v.SetString(s)
		return nil
	}
	if ptr[0] != '/' {
		return fmt.Errorf("bad pointer")
	}
	tok, rest := ptr[1:], ""
	if i := strings.IndexByte(tok, '/'); i >= 0 {
		tok, rest = tok[:i], tok[i:]
	}
	tok = unescapePointer(tok)
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if jsonName(v.Type().Field(i)) == tok {
				return setRaw(v.Field(i), rest, s)
			}
		}
		return fmt.Errorf("no field %q", tok)
	case reflect.Slice:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= v.Len() {
			return fmt.Errorf("bad index %q", tok)
		}
		return setRaw(v.Index(i), rest, s)
	case reflect.Map:
		if rest != "" || v.Type().Elem().Kind() != reflect.String || v.Type().Key().Kind() != reflect.String || v.IsNil() {
			return fmt.Errorf("not a string map entry")
		}
		if !v.MapIndex(reflect.ValueOf(tok)).IsValid() {
			return fmt.Errorf("no key %q", tok)
		}
		v.SetMapIndex(reflect.ValueOf(tok).Convert(v.Type().Key()), reflect.ValueOf(s).Convert(v.Type().Elem()))
		return nil
	case reflect.Pointer:
		if v.IsNil() {
			return fmt.Errorf("nil pointer")
		}
		return setRaw(v.Elem(), ptr, s)
	}
	return fmt.Errorf("cannot descend into %s", v.Kind())
}
