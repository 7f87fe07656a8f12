// Package time is YARA's "time" module: time.now(), the current Unix time
// in seconds. The directory is named time as yara's module is; the package
// keeps that name because its only user imports it for registration.
package time

import (
	stdtime "time"

	"github.com/yingji/yingji/internal/yara/module"
)

// Module is the time module.
var Module = &module.Module{
	Name: "time",
	Schema: module.StructOf(map[string]*module.Type{
		"now": module.FuncOf(module.Signature{Args: "", Result: module.KindInt}),
	}),
	Load: load,
}

func init() { module.Register(Module) }

// now is the clock time.now() reads, a variable so that tests can stop it.
var now = stdtime.Now

func load(*module.Input) *module.Struct {
	s := module.NewStruct()
	// The clock is read at each call, as yara's time(NULL) is, not once
	// per file.
	s.Set("now", module.Func(func([]any) any { return now().Unix() }))
	return s
}
