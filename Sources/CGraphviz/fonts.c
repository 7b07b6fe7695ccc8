#include "CGraphviz.h"
#include <fontconfig/fontconfig.h>

/*
 * What `fc-list PATTERN family` does, without running it: the pattern is parsed the same way
 * and listed against the current configuration (the one Graphviz's renderers use later, so
 * FcFini is not called). fc-list prints a line per font the list holds.
 */
int kexie_has_font_matching(const char *pattern) {
    if (!FcInit()) return 0;
    FcPattern *parsed = FcNameParse((const FcChar8 *)pattern);
    if (!parsed) return 0;
    int found = 0;
    FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, (char *)0);
    if (objects) {
        FcFontSet *fonts = FcFontList(NULL, parsed, objects);
        found = fonts && fonts->nfont > 0;
        if (fonts) FcFontSetDestroy(fonts);
        FcObjectSetDestroy(objects);
    }
    FcPatternDestroy(parsed);
    return found;
}
