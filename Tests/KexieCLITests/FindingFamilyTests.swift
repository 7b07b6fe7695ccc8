import Testing
import KexieTestSupport

/// `--fail-on` names every finding family, in the contract's order.
@Suite struct FindingFamilyFailOnTests {
    static let families = [
        "blank-spots", "frontier-blank-spots", "key-person-gaps", "rural-tech-gaps", "society-gaps", "institution-gaps",
        "missed-targets", "orphans", "weak-attachments", "single-points", "overloaded", "expiring", "islands",
    ]

    @Test func theHelpListsEveryFamily() throws {
        let r = try runKexie(["analyze", "--help"])
        #expect(r.status == 0, "\(r.stderr)")
        // The help is wrapped to the terminal's width: compare without the line breaks.
        let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(comma-separated: \(Self.families.joined(separator: ", ")))"))
    }

    @Test func everyFamilyIsAcceptedAndAnUnknownOneNamesThemAll() throws {
        let ok = try runKexie(["analyze", "datasets/sample", "--format", "json", "--fail-on", Self.families.joined(separator: ",")])
        #expect(ok.status == 1)
        #expect(ok.stderr.contains("kexie: findings of "))
        let bad = try runKexie(["analyze", "datasets/sample", "--fail-on", "blank-spots,nope"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown family \"nope\" (allowed: \(Self.families.joined(separator: ", ")))"))
    }
}
