rule b { condition: pe.number_of_sections > 0 or true }
