# Workbook tests
