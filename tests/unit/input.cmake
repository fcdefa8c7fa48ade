# Unit tests: input
rs_add_unit_test(test_text unit/test_text.c)
rs_add_unit_test(test_number unit/test_number.c)
rs_add_unit_test(test_source unit/test_source.c)
rs_add_unit_test(test_csvread unit/test_csvread.c)
