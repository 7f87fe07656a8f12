// A global rule with a string: files without "hello" match no rule of
// the namespace, whether the other rules were decided early or not.
global private rule g_has_hello { strings: $a = "hello" condition: $a }
rule g_size { condition: filesize > 0 }
rule g_string { strings: $b = "word" condition: $b }
rule g_ref { condition: g_has_hello }
