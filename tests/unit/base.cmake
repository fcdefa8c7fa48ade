# Unit tests: shared foundations.
rs_add_unit_test(test_base unit/test_base.c)
