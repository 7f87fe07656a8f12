// Conditions: operators, integer functions, sets, loops, rule references,
// external variables and yara's undefined values.
import "math"
import "hash"

rule c_filesize { condition: filesize > 10 and filesize < 1MB }
rule c_filesize_kb { condition: filesize >= 64KB }
rule c_empty { condition: filesize == 0 }
rule c_uint16 { condition: uint16(0) == 0x5A4D }
rule c_uint32be { condition: uint32be(0) == 0x7F454C46 }
rule c_int8 { condition: int8(1) < 0 }
rule c_uint8_end { condition: uint8(filesize - 1) == 0x0a }
rule c_read_past_end { condition: not defined uint32(filesize - 2) }
rule c_read_past_end2 { condition: uint32(filesize) == 0 or true }
rule c_int16be { condition: int16be(2) != 0 }
rule c_arith { condition: (filesize * 2 + 6) \ 3 - 1 > 0 and filesize % 7 != 8 }
rule c_bits { condition: (uint8(0) & 0xF0) | 0x01 == 0x41 and (uint8(0) ^ 0xFF) >> 1 > 0 and ~uint8(0) < 0 and uint8(0) << 2 > 0 }
rule c_float { condition: filesize \ 2.0 > 1.5 }
rule c_neg { condition: -filesize < 0 }
rule c_div_zero { condition: not (filesize \ (filesize - filesize) == 1) }
rule c_mod_zero { condition: filesize % (filesize - filesize) == 1 or true }
rule c_strings_ops { condition: "abc" contains "b" and "ABC" icontains "b" and "abc" startswith "ab" and "ABC" istartswith "ab" and "abc" endswith "bc" and "ABC" iendswith "bc" and "abc" iequals "ABC" }
rule c_matches { condition: "hello world" matches /wor.d$/ }
rule c_matches_nocase { condition: "HELLO" matches /hello/i }
rule c_matches_false { condition: "hello" matches /^ello/ }
rule c_string_cmp { condition: "abc" < "abd" and "b" > "abc" and "x" == "x" and "x" != "y" }

rule c_of_any { strings: $a = "hello" $b = "nothere" condition: any of them }
rule c_of_all { strings: $a = "hello" $b = "nothere" condition: all of them }
rule c_of_none { strings: $a = "zzzqqq" $b = "nothere" condition: none of them }
rule c_of_n { strings: $a = "hello" $b = "word" $c = "nothere" condition: 2 of them }
rule c_of_n3 { strings: $a = "hello" $b = "word" $c = "nothere" condition: 3 of them }
rule c_of_pct { strings: $a = "hello" $b = "word" $c = "nothere" condition: 60% of them }
rule c_of_pct2 { strings: $a = "hello" $b = "word" $c = "nothere" condition: 66% of them }
rule c_of_wild { strings: $a1 = "hello" $a2 = "word" $b = "nothere" condition: all of ($a*) or $b }
rule c_of_list { strings: $a = "hello" $b = "word" $c = "nothere" condition: 2 of ($a, $c, $b) }
rule c_of_in { strings: $a = "hello" $b = "word" condition: any of them in (0..10) }
rule c_of_all_in { strings: $a = "hello" $b = "word" condition: all of them in (0..10000) }
rule c_anon { strings: $ = "hello" $ = "word" condition: all of them }
rule c_for_of { strings: $a = "hello" $b = "word" condition: for all of them : (# >= 1) }
rule c_for_of_at { strings: $a = "hello" $b = "word" condition: for any of ($a, $b) : ($ at 0) }
rule c_for_of_off { strings: $a = "hello" $b = "word" condition: for all of them : (@ < filesize and ! > 0) }
rule c_for_of_n { strings: $a = "hello" $b = "word" $c = "nothere" condition: for 2 of them : ($) }
rule c_for_in_range { strings: $a = "hello" condition: for all i in (1..#a) : (@a[i] < filesize) }
rule c_for_in_range2 { strings: $a = "hello" condition: for any i in (1..#a) : (@a[i] > 10) }
rule c_for_in_enum { condition: for any i in (0, 1, 2) : (uint8(i) == 0x5A) }
rule c_for_in_none { condition: for none i in (0..3) : (uint8(i) == 0xEE) }
rule c_for_in_n { condition: for 2 i in (0..3) : (uint8(i) > 0x40) }
rule c_for_in_empty { condition: for all i in (5..1) : (true) }
rule c_for_nested { strings: $a = "hello" condition: for any i in (1..#a) : (for any j in (1..#a) : (@a[j] - @a[i] > 20)) }
rule c_for_loopvar_range { condition: for any i in (0..filesize - 1) : (uint8(i) == 0x0a and i > 3) }

rule c_ref_base { strings: $a = "hello" condition: $a }
rule c_ref_use { condition: c_ref_base and filesize > 5 }
rule c_ref_not { condition: not c_ref_base }
private rule c_private_helper { strings: $a = "word" condition: $a }
rule c_ref_private { condition: c_private_helper }
rule c_ruleset_any { condition: any of (c_ref_base, c_private_helper) }
rule c_ruleset_wild { condition: 2 of (c_ref*) }
rule c_ruleset_all { condition: all of (c_of_any, c_of_n*) }
rule c_ext_str { condition: ext_str == "sample" and ext_int == 42 and ext_bool and ext_float > 1.4 }
rule c_ext_contains { condition: ext_str contains "amp" }

rule c_math_entropy { condition: math.entropy(0, filesize) > 3.0 }
rule c_math_mean { condition: math.mean(0, filesize) > 60.0 }
rule c_math_dev { condition: math.deviation(0, filesize, math.MEAN_BYTES) > 10.0 }
rule c_math_string { condition: math.entropy("aaaa") == 0.0 }
rule c_math_range_undef { condition: not defined math.entropy(filesize + 10, 5) }
rule c_hash_md5 { condition: hash.md5(0, 0) == "d41d8cd98f00b204e9800998ecf8427e" or hash.md5(0, filesize) == "d41d8cd98f00b204e9800998ecf8427e" }
rule c_hash_sha1_str { condition: hash.sha1("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d" }
rule c_hash_crc32 { condition: hash.crc32(0, 2) == hash.crc32(0, 2) }

rule c_undef_and { condition: not (math.entropy(filesize + 10, 5) > 1 and true) }
rule c_undef_or { condition: not (math.entropy(filesize + 10, 5) > 1 or math.entropy(filesize + 10, 5) > 1) }
rule c_undef_not { condition: not (math.entropy(filesize + 10, 5) > 1) }
rule c_undef_cmp { condition: math.entropy(filesize + 10, 5) != 1.0 }

global rule c_global_txt { condition: filesize > 0 }
rule c_after_global { condition: true }
