// The deprecated entrypoint keyword, without imports.
rule ep_plain { condition: entrypoint > 0 }
rule ep_undefined { condition: not defined entrypoint }
