import "pe"
include "sub/a.yar"

rule main : t { condition: a and b }
