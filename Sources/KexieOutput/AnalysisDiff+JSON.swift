import KexieAnalysis
import KexieModel

extension AnalysisDiff {
    /// The diff document: `{"schema": 1, "before": {"dataset", "as_of"}, "after": {…}, FAMILY:
    /// [row, …], …}` with the families of `tables()` under the names of their CSV files
    /// (`blank_spots`, `organizations`, `orphans`, `key_person_gaps`, `targets`, `strength`,
    /// `sectors`, `weak_attachments`, `islands`, `persons`); each row is an object keyed by
    /// column, `change` first. The same input gives the same bytes.
    public func writeJSON(to w: inout JSONWriter) {
        w.object { w in
            w.key("schema"); w.int(1)
            for (side, x) in [("before", before), ("after", after)] {
                w.key(string: side); w.object { w in
                    w.key("dataset"); w.string(x.dataset.name)
                    w.key("as_of"); w.string(x.asOf.description)
                }
            }
            for t in tables() {
                w.key(string: String(t.file.dropLast(".csv".count)))
                w.value(t.jsonRows)
            }
        }
    }
}
