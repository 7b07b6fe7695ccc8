import KexieAnalysis
import KexieModel

extension AnalysisDiff {
    /// The diff for people: which two analyses, then every family that changed (at most
    /// `limit` rows each), or a line saying nothing did.
    public func textReport(limit: Int? = 25) -> String {
        var out = "\(TerminalText.neutralized(before.dataset.name)) as of \(before.asOf) → \(TerminalText.neutralized(after.dataset.name)) as of \(after.asOf)\n\n"
        let changed = tables().filter { !$0.rows.isEmpty }
        if changed.isEmpty { return out + "No change.\n" }
        for t in changed { out += t.text(limit: limit) + "\n" }
        return out
    }
}
