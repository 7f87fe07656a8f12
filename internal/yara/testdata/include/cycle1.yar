include "cycle2.yar"
rule c1 { condition: true }
