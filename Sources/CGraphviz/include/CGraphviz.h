#ifndef KEXIE_CGRAPHVIZ_H
#define KEXIE_CGRAPHVIZ_H
/* Graphviz's API (libgvc, libcgraph) and the little C kexie adds to it (arena.c, fonts.c). */
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>

/* The graph descriptors are mutable globals in cgraph; Swift 6 rejects reading them directly. */
Agdesc_t kexie_directed_graph(void);
Agdesc_t kexie_undirected_graph(void);

/*
 * cgraph's default ID and I/O disciplines with a bump arena for memory (arena.c), so that
 * clusters keep their creation order in every render. The same discipline every call.
 */
Agdisc_t *kexie_discipline(void);

/*
 * Whether fontconfig knows a font that matches `pattern` (fontconfig's syntax, ":lang=zh"):
 * 1 when `fc-list PATTERN family` would list one, else 0 (fonts.c).
 */
int kexie_has_font_matching(const char *pattern);

/*
 * gvRenderData with what Graphviz's plugins print on standard error in the meantime captured
 * (capture.c): cairo reports a failed surface only there ("cairo: out of memory") and still
 * returns 0 and a nearly empty document. `*messages` is the captured text (malloc'd, for the
 * caller to free) or NULL when there was none; when capturing is impossible the messages go
 * to standard error as before. Returns gvRenderData's result.
 */
int kexie_render_data(GVC_t *gvc, graph_t *g, const char *format, char **result, unsigned int *length, char **messages);
#endif
