include "b.yar"
rule a { condition: b }
