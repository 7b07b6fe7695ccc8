// Spreadsheets as people keep them: .xlsx workbooks read (ZIPFoundation for the OOXML package,
// libxml2's streaming parser for its XML) and written.
