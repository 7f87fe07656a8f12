package yara

// The modules built into the engine register themselves with package
// module; importing them here makes them available to every rule set.
import (
	_ "github.com/yingji/yingji/internal/yara/module/console"
	_ "github.com/yingji/yingji/internal/yara/module/elf"
	_ "github.com/yingji/yingji/internal/yara/module/hash"
	_ "github.com/yingji/yingji/internal/yara/module/math"
	_ "github.com/yingji/yingji/internal/yara/module/pe"
	_ "github.com/yingji/yingji/internal/yara/module/time"
)
