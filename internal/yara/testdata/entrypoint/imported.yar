// The deprecated entrypoint keyword, with the modules imported.
import "pe"
import "elf"
rule ep_pe { condition: entrypoint == pe.entry_point and entrypoint > 0 }
rule ep_elf { condition: entrypoint == elf.entry_point and entrypoint > 0 }
rule ep_value { condition: entrypoint > 1024 }
