# Pakistan writes Western digits with a decimal point and comma grouping: "2.5", "1,250".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
