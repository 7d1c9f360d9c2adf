# Django has no Hausa formats; Nigeria writes "2.5" and "1,250".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
