# Workbook tests: read the XLSX back with openpyxl (Debian's
# python3-openpyxl), check its package like Excel would, and recalculate
# it with LibreOffice.
rs_add_py_test(workbook_content workbook/test_workbook.py workbook)
rs_add_py_test(workbook_output workbook/test_output.py workbook)
rs_add_py_test(workbook_recalc workbook/test_recalc.py workbook libreoffice)
rs_add_py_test(workbook_large workbook/test_large.py workbook slow)
set_tests_properties(workbook_large PROPERTIES TIMEOUT 1800
    SKIP_RETURN_CODE 77)
