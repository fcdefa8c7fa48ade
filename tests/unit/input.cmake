# Unit tests: input
