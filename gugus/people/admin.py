"""People are not administered here: their data is reached only through the case pages, which
check access and record every read. (Deliberately empty.)"""
