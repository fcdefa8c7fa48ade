# Command-line tests
