# Unit tests: output
