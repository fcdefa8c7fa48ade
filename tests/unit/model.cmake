# Unit tests: model
