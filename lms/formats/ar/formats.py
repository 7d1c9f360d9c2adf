# Django writes Arabic decimals with a comma ("2,5"), which Saudi readers take for a list or
# a thousands mark. The office writes Western digits (as on Saudi ID cards, phone numbers and
# the codes printed on certificates), and with Western digits the decimal point is a dot:
# "2.5", "1,250". "٫" belongs with Arabic-Indic digits, which Manara does not print.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
