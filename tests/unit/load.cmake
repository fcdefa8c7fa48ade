# Unit tests: load
