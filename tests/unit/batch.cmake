# Unit tests: the batch folder (names, moves, stages, lock, log) and the
# comparison with the previous run.
rs_add_unit_test(test_batch unit/test_batch.c)
rs_add_unit_test(test_changes unit/test_changes.c)
