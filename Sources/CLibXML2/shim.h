// libxml2's streaming parser (SAX2 over a push parser), for the worksheets of .xlsx workbooks.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
