// libxml2's streaming parser (SAX2 over a push parser), for the small XML parts of .xlsx
// workbooks (workbook, relationships, styles).
//
// Debian builds libxml2 with ICU, so its encoding.h would pull in the system's ICU headers,
// whose UErrorCode clashes with the one Foundation's own ICU (_FoundationICU) declares in any
// module that sees both. kexie never touches the ICU converter fields (they sit behind
// xmlCharEncodingHandler pointers, whose layout Swift never reads), so the headers are read
// without ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
