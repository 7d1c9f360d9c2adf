"""Number formats where Django's own are not what our readers write (``FORMAT_MODULE_PATH``).

Only the settings named here replace Django's; every other format (dates, times) is still
Django's for the language.
"""
