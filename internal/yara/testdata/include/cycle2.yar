include "cycle1.yar"
rule c2 { condition: true }
