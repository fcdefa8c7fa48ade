# Unit tests: output
rs_add_unit_test(test_xlsx unit/test_xlsx.c)
rs_add_unit_test(test_outfile unit/test_outfile.c)
rs_add_unit_test(test_zipcheck unit/test_zipcheck.c)
