// Uses the rules and the module of a.yar, as the yara command allows.
rule m_both { condition: m_hello and m_word }
rule m_any { condition: any of (m_*) }
rule e_entropy { condition: m_hello and math.entropy(0, filesize) > 2.0 }
