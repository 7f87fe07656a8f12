rule ok { condition: true }

  include "nowhere.yar"
rule after { condition: ok }
