# Unit tests: exchange rates, tariffs, quotes, the cost model and the
# analysis of its rows. modelfix.c builds model inputs in memory.
rs_add_unit_test(test_fx unit/test_fx.c)
rs_add_unit_test(test_tariff unit/test_tariff.c)
rs_add_unit_test(test_quote unit/test_quote.c)
rs_add_unit_test(test_model unit/test_model.c unit/modelfix.c)
rs_add_unit_test(test_analysis unit/test_analysis.c unit/modelfix.c)
