// First of two files compiled into one namespace (see b.yar).
import "math"
rule m_hello { strings: $a = "hello" condition: $a }
private rule m_word { strings: $a = "word" condition: $a }
