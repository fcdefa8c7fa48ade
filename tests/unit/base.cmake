# Unit tests: shared foundations.
rs_add_unit_test(test_base unit/test_base.c)
rs_add_unit_test(test_tmpspace unit/test_tmpspace.c)
