// String forms and modifiers. Every rule is compared with yara 4.2.3 on
// the data files that TestScanFeatures writes.

rule text_plain { strings: $a = "hello" condition: $a }
rule text_count { strings: $a = "hello" condition: #a == 3 }
rule text_count_gt { strings: $a = "hello" condition: #a > 1 }
rule text_nocase { strings: $a = "HeLLo WoRLD" nocase condition: $a }
rule text_wide { strings: $a = "wideword" wide condition: $a }
rule text_wide_only_ascii_absent { strings: $a = "asciionly" wide condition: $a }
rule text_wide_ascii { strings: $a = "asciionly" wide ascii condition: $a }
rule text_wide_nocase { strings: $a = "WIDEWORD" wide nocase condition: $a }
rule text_fullword { strings: $a = "word" fullword condition: $a }
rule text_fullword_count { strings: $a = "word" fullword condition: #a == 2 }
rule text_fullword_wide { strings: $a = "wideword" wide fullword condition: $a }
rule text_fullword_underscore { strings: $a = "snake" fullword condition: $a }
rule text_xor { strings: $a = "secret payload" xor condition: $a }
rule text_xor_range { strings: $a = "secret payload" xor(0x20-0x30) condition: $a }
rule text_xor_range_miss { strings: $a = "secret payload" xor(0x01-0x10) condition: $a }
rule text_xor_single { strings: $a = "secret payload" xor(0x2a) condition: $a }
rule text_xor_wide { strings: $a = "xorwide" xor wide condition: $a }
rule text_xor_fullword { strings: $a = "secret" xor fullword condition: #a >= 1 }
rule text_base64 { strings: $a = "This program cannot" base64 condition: $a }
rule text_base64_count { strings: $a = "This program cannot" base64 condition: #a == 3 }
rule text_base64wide { strings: $a = "This program cannot" base64wide condition: $a }
rule text_base64_custom { strings: $a = "hidden text" base64("ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba9876543210+/") condition: $a }
rule text_base64_both { strings: $a = "This program cannot" base64 base64wide condition: #a >= 1 }
rule text_escapes { strings: $a = "tab\there\x00nul\"q" condition: $a }
rule text_private { strings: $a = "hello" private condition: $a }
rule text_overlap { strings: $a = "aaaa" condition: #a > 100 }
rule text_overlap_exact { strings: $a = "aaaa" condition: #a == 9997 }

rule hex_plain { strings: $a = { 4D 5A 90 00 } condition: $a }
rule hex_wild { strings: $a = { 4D ?? 90 } condition: $a at 0 }
rule hex_nibble { strings: $a = { 4? 5A 9? 0? } condition: $a }
rule hex_jump { strings: $a = { 68 65 [1-3] 6F } condition: $a }
rule hex_jump_exact { strings: $a = { 68 [4] 20 } condition: $a }
rule hex_jump_unbounded { strings: $a = { 68 65 6C [-] 77 6F 72 } condition: $a }
rule hex_jump_long { strings: $a = { 4D 5A [300-2000] 50 45 00 00 } condition: $a }
rule hex_alt { strings: $a = { 68 ( 65 | 61 ) 6C ( 6C 6F | 70 ) } condition: $a }
rule hex_alt_nested { strings: $a = { ( 73 ( 65 | 78 ) | 77 ) 63 72 } condition: #a >= 1 }
rule hex_count { strings: $a = { 61 61 } condition: #a > 1000 }

rule re_plain { strings: $a = /hel+o/ condition: $a }
rule re_nocase_flag { strings: $a = /HELLO w[a-z]+/i condition: $a }
rule re_nocase_mod { strings: $a = /HELLO w[a-z]+/ nocase condition: $a }
rule re_dotall { strings: $a = /line1.line2/s condition: $a }
rule re_nodotall { strings: $a = /line1.line2/ condition: $a }
rule re_wide { strings: $a = /wide[a-z]+/ wide condition: $a }
rule re_wide_ascii { strings: $a = /wide[a-z]+/ wide ascii condition: #a >= 1 }
rule re_fullword { strings: $a = /wor[a-z]/ fullword condition: $a }
rule re_boundary { strings: $a = /\bword\b/ condition: #a >= 1 }
rule re_hexescape { strings: $a = /\x4d\x5a/ condition: $a at 0 }
rule re_interval { strings: $a = /a{2,4}b/ condition: $a }
rule re_interval_upto { strings: $a = /x{,3}yz/ condition: $a }
rule re_nongreedy { strings: $a = /h.*?o/ condition: !a[1] == 5 }
rule re_greedy_len { strings: $a = /h[a-z ]*o/ condition: !a[1] > 5 }
rule re_alt { strings: $a = /(eval|assert|system)\s*\(/ condition: $a }
rule re_class_neg { strings: $a = /<\?[^x]/ condition: $a }
rule re_anchor_start { strings: $a = /^MZ/ condition: $a }
rule re_anchor_end { strings: $a = /END$/ condition: $a }
rule re_digits { strings: $a = /\d{3}-\d{4}/ condition: $a }
rule re_space { strings: $a = /payload\s+data/ condition: $a }

rule offsets_at { strings: $a = "hello" condition: $a at 0 }
rule offsets_in { strings: $a = "hello" condition: $a in (1..100) }
rule offsets_at_idx { strings: $a = "hello" condition: @a[2] > @a[1] }
rule offsets_first { strings: $a = "hello" condition: @a == 0 }
rule offsets_len { strings: $a = /hel+o/ condition: !a == 5 }
rule offsets_undefined { strings: $a = "hello" condition: @a[100] == 0 or not defined @a[100] }
rule count_in { strings: $a = "hello" condition: #a in (0..50) == 1 }
