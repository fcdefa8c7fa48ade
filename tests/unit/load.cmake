# Unit tests: schemas, configuration and the BOM and locations loaders.
rs_add_unit_test(test_config unit/test_config.c)
rs_add_unit_test(test_schema unit/test_schema.c)
rs_add_unit_test(test_location unit/test_location.c)
rs_add_unit_test(test_bom unit/test_bom.c)
rs_add_unit_test(test_designators unit/test_designators.c)
