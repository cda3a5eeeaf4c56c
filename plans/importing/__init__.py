"""Reading council plan tables (Word, Excel, CSV/TSV) into a neutral tree the import service writes."""
