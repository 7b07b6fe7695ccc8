import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import KexieTestSupport

/// One command of `kexie` run over every case of the hostile-input corpus.
struct CorpusCommand: Sendable, CustomStringConvertible {
    let description: String
    /// The arguments, given the dataset folder, a scratch folder for outputs and the scope of an
    /// ego diagram.
    let arguments: @Sendable (_ dataset: String, _ scratch: String, _ egoScope: String) -> [String]
    /// Whether the command prints warnings in full (only `validate` does; the others count them).
    var printsWarnings = false
    /// Checks the outputs of a successful run (stdout, scratch folder).
    var checkSuccess: @Sendable (_ stdout: String, _ scratch: String) -> String? = { _, _ in nil }
}

/// Every command, over every case. Commands added on other branches (`export`, `diff`) join here.
let hostileCorpusCommands: [CorpusCommand] = [
    CorpusCommand(description: "validate", arguments: { d, _, _ in ["validate", d] }, printsWarnings: true),
    CorpusCommand(description: "summary", arguments: { d, _, _ in ["summary", d, "--format", "json", "--as-of", "2020-12-31"] },
                  checkSuccess: { out, _ in parsesAsJSON(out) }),
    CorpusCommand(description: "analyze --format table", arguments: { d, _, _ in ["analyze", d, "--format", "table", "--as-of", "2020-12-31"] },
                  checkSuccess: { out, _ in out.contains("as of 2020-12-31") ? nil : "no table header" }),
    CorpusCommand(description: "analyze --format json", arguments: { d, s, _ in ["analyze", d, "--format", "json", "--as-of", "2020-12-31", "--out", "\(s)/analysis.json"] },
                  checkSuccess: { _, s in parsesAsJSON((try? String(contentsOfFile: "\(s)/analysis.json", encoding: .utf8)) ?? "") }),
    CorpusCommand(description: "analyze --format jsonl", arguments: { d, _, _ in ["analyze", d, "--format", "jsonl", "--as-of", "2020-12-31"] },
                  checkSuccess: { out, _ in out.split(separator: "\n").lazy.compactMap { parsesAsJSON(String($0)) }.first }),
    CorpusCommand(description: "analyze --format csv", arguments: { d, s, _ in ["analyze", d, "--format", "csv", "--as-of", "2020-12-31", "--out", "\(s)/csv"] },
                  checkSuccess: { _, s in FileManager.default.fileExists(atPath: "\(s)/csv/orphans.csv") ? nil : "no orphans.csv" }),
    CorpusCommand(description: "render structure", arguments: { d, s, _ in ["render", "structure", d, "--as-of", "2020-12-31", "-o", "\(s)/structure.svg"] },
                  checkSuccess: { _, s in isSVG("\(s)/structure.svg") }),
    CorpusCommand(description: "render coverage", arguments: { d, s, _ in ["render", "coverage", d, "--as-of", "2020-12-31", "-o", "\(s)/coverage.svg"] },
                  checkSuccess: { _, s in isSVG("\(s)/coverage.svg") }),
    CorpusCommand(description: "render linkage", arguments: { d, s, _ in ["render", "linkage", d, "--as-of", "2020-12-31", "-o", "\(s)/linkage.svg"] },
                  checkSuccess: { _, s in isSVG("\(s)/linkage.svg") }),
    CorpusCommand(description: "render ego", arguments: { d, s, scope in ["render", "ego", d, "--scope", scope, "--as-of", "2020-12-31", "-o", "\(s)/ego.svg"] },
                  checkSuccess: { _, s in isSVG("\(s)/ego.svg") }),
    CorpusCommand(description: "report", arguments: { d, s, _ in ["report", d, "--as-of", "2020-12-31", "--out", "\(s)/report", "--quiet"] },
                  checkSuccess: { _, s in
                      ["report.html", "report.md", "report.ipynb"].allSatisfy { FileManager.default.fileExists(atPath: "\(s)/report/\($0)") } ? nil : "a report file is missing"
                  }),
    CorpusCommand(description: "export --to graphml", arguments: { d, s, _ in ["export", d, "--to", "graphml", "--as-of", "2020-12-31", "-o", "\(s)/network.graphml", "--quiet"] },
                  checkSuccess: { _, s in FileManager.default.fileExists(atPath: "\(s)/network.graphml") ? nil : "no GraphML file" }),
    CorpusCommand(description: "diff", arguments: { d, _, _ in ["diff", d, "--from", "2019-12-31", "--to", "2020-12-31", "--format", "json"] },
                  checkSuccess: { out, _ in parsesAsJSON(out) }),
    CorpusCommand(description: "trend", arguments: { d, _, _ in ["trend", d, "--from", "2019-12-31", "--to", "2020-12-31", "--step", "quarter", "--format", "json"] },
                  checkSuccess: { out, _ in parsesAsJSON(out) }),
    CorpusCommand(description: "whatif --rank-persons", arguments: { d, _, _ in ["whatif", d, "--rank-persons", "--as-of", "2020-12-31", "--format", "json"] },
                  checkSuccess: { out, _ in parsesAsJSON(out) }),
]

private func parsesAsJSON(_ text: String) -> String? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) == nil ? "not JSON: \(text.prefix(200))" : nil
}

private func isSVG(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return "\(path) was not written" }
    guard String(decoding: data, as: UTF8.self).contains("</svg>") else { return "\(path) is not a whole SVG document" }
    // Well-formed XML too: a character XML cannot carry (U+FFFE in a name) made it unreadable.
    let parser = XMLParser(data: data)
    return parser.parse() ? nil : "\(path) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")"
}

/// What a corpus case must produce (its `expect.json`).
struct CorpusExpectation: Decodable, Sendable {
    var description: String
    /// The exit status of every command (0: the dataset loads, and every command succeeds).
    var status: Int32
    /// The diagnostic that must be printed: `error`, `warning` or `note`, with its file (relative
    /// to the dataset), line, column and key words of the message.
    var severity: String?
    var file: String?
    var line: Int?
    var column: Int?
    var words: [String]?
    /// The person or organization of the ego diagram; without one, `render ego` must say that
    /// its scope names nothing (exit 64).
    var egoScope: String?

    enum CodingKeys: String, CodingKey {
        case description, status, severity, file, line, column, words
        case egoScope = "ego_scope"
    }
}

/// One dataset of the corpus: a committed folder of `Tests/Corpus`, or one a test generates.
struct CorpusCase: Sendable, CustomStringConvertible {
    let description: String
    let path: String
    let expectation: CorpusExpectation
    /// How long one command may run before it counts as a hang.
    var timeLimit: Double = 60

    static var committed: [CorpusCase] {
        let root = Repository.root.appendingPathComponent("Tests/Corpus").path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: "\(root)/\(name)/expect.json"),
                  let e = try? JSONDecoder().decode(CorpusExpectation.self, from: data) else { return nil }
            return CorpusCase(description: name, path: "\(root)/\(name)", expectation: e)
        }
    }
}

/// Checks one run against the case's expectation; returns what is wrong (empty when nothing).
func corpusProblems(_ r: BoundedProcessResult, command: CorpusCommand, case c: CorpusCase, scratch: String) -> [String] {
    var problems: [String] = []
    if r.timedOut { return ["hung: killed after \(Int(c.timeLimit)) s"] }
    if r.signalled || r.status >= 128 { problems.append("crashed: status \(r.status)\(r.signalled ? " (signal)" : "")") }
    for marker in ["Fatal error", "Swift runtime failure", "Backtracing", "Stack dump", "Current stack trace"] where r.stderr.contains(marker) {
        problems.append("stderr has \"\(marker)\"")
    }
    var e = c.expectation
    if command.description == "render ego", e.status == 0, e.egoScope == nil {
        e = CorpusExpectation(description: e.description, status: 64, severity: nil, words: ["no person or organization has this id or name"])
    }
    if r.status != e.status { problems.append("status \(r.status), expected \(e.status)") }
    if e.severity != "warning" || command.printsWarnings, let severity = e.severity, let file = e.file {
        var place = "\(c.path)/\(file)"
        if let line = e.line {
            place += ":\(line)"
            if let column = e.column { place += ":\(column)" }
        }
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix(place + ": \(severity): ") }
        let missing = (e.words ?? []).filter { w in !lines.contains { $0.contains(w) } }
        if lines.isEmpty {
            problems.append("no \"\(place): \(severity): …\" line in stderr")
        } else if !missing.isEmpty {
            problems.append("the \(severity) does not say \(missing)")
        }
    } else if e.severity == nil, let words = e.words {
        for w in words where !r.stderr.contains(w) { problems.append("stderr does not say \"\(w)\"") }
    }
    if r.status == 0, problems.isEmpty, let problem = command.checkSuccess(r.stdout, scratch) { problems.append(problem) }
    let leftovers = (FileManager.default.subpaths(atPath: scratch) ?? []).filter { $0.contains(".kexie-") }
    if !leftovers.isEmpty { problems.append("temporary files left: \(leftovers)") }
    if !problems.isEmpty { problems.append("stderr: \(r.stderr.prefix(600))") }
    return problems
}

/// Runs every command over a case, each with a fresh scratch folder.
func runCorpusCase(_ c: CorpusCase) throws {
    for command in hostileCorpusCommands {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-corpus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let arguments = command.arguments(c.path, scratch, c.expectation.egoScope ?? "no-such-person-or-organization")
        let r = try runKexie(arguments, timeout: c.timeLimit * Repository.timeScale)
        let problems = corpusProblems(r, command: command, case: c, scratch: scratch)
        #expect(problems.isEmpty, "\(c.description) — kexie \(command.description) (\(String(format: "%.1f", r.seconds)) s): \(problems.joined(separator: "; "))")
    }
}

@Suite struct HostileCorpusTests {
    @Test func theCorpusHasACaseForEveryDefect() {
        #expect(CorpusCase.committed.count >= 40)
    }

    @Test(arguments: CorpusCase.committed)
    func committedCase(_ c: CorpusCase) throws {
        try runCorpusCase(c)
    }

    @Test(arguments: GeneratedCorpus.names)
    func generatedCase(_ name: String) throws {
        let folder = try GeneratedCorpus.make(name)
        defer { try? FileManager.default.removeItem(atPath: folder.root) }
        guard let c = folder.corpusCase else { return }  // not applicable here (e.g. running as root)
        try runCorpusCase(c)
    }

    @Test func theSameDatasetTwiceIsAUsageError() throws {
        let d = Repository.dataset("sample")
        for arguments in [["validate", d, d], ["analyze", d, d + "/", "--format", "json"], ["gaps", "datasets/sample", d, "--format", "json"]] {
            let r = try runKexie(arguments, timeout: 60)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("is given twice"), "\(r.stderr)")
        }
        // Two different datasets are fine.
        #expect(try runKexie(["validate", d, Repository.dataset("tianjin")], timeout: 60).status == 0)
    }
}

/// Cases too large to commit (or that need file modes git does not keep), written by the test.
enum GeneratedCorpus {
    static let names = [
        "field-of-10-mb", "field-just-under-1-mib", "header-of-100000-columns", "organization-chain-100000-deep", "region-chain-100000-deep",
        "region-loop-of-10000", "organization-loop-of-10000", "rules-nested-100000-deep", "unreadable-table", "unreadable-rules-yaml",
        "table-is-a-fifo", "positions-of-9-mb-with-cr-line-ends",
    ]

    struct Folder {
        let root: String
        let corpusCase: CorpusCase?
    }

    static let regions = "id,name,level,parent,kind\nD1,示例区,district,,\nT1,东街道,township,D1,\n"
    static let organizations = "id,name,type,region,parent\nA-D1,示例区科协,association,D1,\n"

    static func make(_ name: String) throws -> Folder {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-corpus-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        func write(_ file: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/\(file)"))
        }
        func expect(_ status: Int32, _ severity: String? = nil, _ file: String? = nil, line: Int? = nil, column: Int? = nil, _ words: [String] = [], ego: String? = "A-D1") -> CorpusExpectation {
            CorpusExpectation(description: name, status: status, severity: severity, file: file, line: line, column: column, words: words, egoScope: ego)
        }
        let n = 100_000, loop = 10_000
        var expectation: CorpusExpectation
        switch name {
        case "field-of-10-mb":
            // One name of 10 MB: loads, and every output cuts or escapes it without hanging.
            try write("regions.csv", regions)
            try write("organizations.csv", organizations + "A-T1,\"" + String(repeating: "科", count: 10 * 1024 * 1024 / 3) + "\",association,T1,A-D1\n")
            expectation = expect(65, "error", "organizations.csv", line: 3, column: 2, ["a cell may hold at most 1 MiB"])
        case "field-just-under-1-mib":
            // One name just under the cell limit: loads, and every output cuts or escapes it without hanging.
            try write("regions.csv", regions)
            try write("organizations.csv", organizations + "A-T1,\"" + String(repeating: "科", count: 349_000) + "\",association,T1,A-D1\n")
            expectation = expect(0)
        case "header-of-100000-columns":
            let extra = (0..<(n - 4)).map { "c\($0)" }.joined(separator: ",")
            try write("regions.csv", "id,name,level,parent," + extra + "\nD1,示例区,district," + String(repeating: ",", count: n - 4) + "\n"
                      + "T1,东街道,township,D1" + String(repeating: ",x", count: n - 4) + "\n")
            try write("organizations.csv", organizations)
            expectation = expect(65, "error", "regions.csv", line: 1, ["a table may have at most 10000 columns"])
        case "organization-chain-100000-deep":
            var text = organizations
            for i in 0..<n { text += "C\(i),链\(i),association,T1,\(i == 0 ? "A-D1" : "C\(i - 1)")\n" }
            try write("regions.csv", regions)
            try write("organizations.csv", text)
            expectation = expect(0)
        case "region-chain-100000-deep":
            // Levels cannot fall 100,000 times: every link is reported (50 shown), nothing recurses.
            var text = "id,name,level,parent\nR0,顶,district,\n"
            for i in 1..<n { text += "R\(i),区\(i),township,R\(i - 1)\n" }
            try write("regions.csv", text)
            try write("organizations.csv", "id,name,type,region,parent\nA,a,association,R0,\n")
            expectation = expect(65, "error", "regions.csv", line: 4, column: 4, ["parent \"R1\" is a township, at the same level as this township"])
        case "region-loop-of-10000":
            var text = "id,name,level,parent\n"
            for i in 0..<loop { text += "R\(i),区\(i),township,R\((i + 1) % loop)\n" }
            try write("regions.csv", text)
            try write("organizations.csv", "id,name,type,region,parent\n")
            // Every link breaks the levels (the first 50 errors are shown, the loop's among the rest).
            expectation = expect(65, "error", "regions.csv", line: 2, column: 4, ["parent \"R1\" is a township, at the same level as this township"])
        case "organization-loop-of-10000":
            var text = organizations
            for i in 0..<loop { text += "L\(i),环\(i),association,T1,L\((i + 1) % loop)\n" }
            try write("regions.csv", regions)
            try write("organizations.csv", text)
            expectation = expect(0)
        case "rules-nested-100000-deep":
            try write("regions.csv", regions)
            try write("organizations.csv", organizations)
            try write("rules.yaml", "coverage:\n  levels: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n")
            // libyaml's scanner reads up to 1,024 characters of one line ahead, and its parser
            // stops at 1,000 levels open there, at the second bracket (column 12), before kexie
            // sees the 65th level (HostileYAMLTests has the 65 levels of a shorter nest).
            expectation = expect(65, "error", "rules.yaml", line: 2, column: 12, ["nest more than 64 levels deep"])
        case "unreadable-table", "unreadable-rules-yaml":
            let (file, text) = name == "unreadable-table" ? ("persons.csv", "id,name,category\nP1,张三,teacher\n") : ("rules.yaml", "overload_threshold: 3\n")
            try write("regions.csv", regions)
            try write("organizations.csv", organizations)
            try write(file, text)
            chmod("\(root)/\(file)", 0)
            // root reads a file of mode 000 all the same: the case cannot happen there.
            let fd = open("\(root)/\(file)", O_RDONLY)
            if fd >= 0 {
                close(fd)
                return Folder(root: root, corpusCase: nil)
            }
            expectation = expect(66, "error", file, ["Permission denied"])
        case "table-is-a-fifo":
            // Opened without waiting for a writer, and refused: no file to read (66), no hang.
            try write("regions.csv", regions)
            try write("organizations.csv", organizations)
            guard mkfifo("\(root)/persons.csv", 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
            expectation = expect(66, "error", "persons.csv", ["not a regular file", "a table must be a file"])
        case "positions-of-9-mb-with-cr-line-ends":
            // Read in pieces (8 MiB and more, no quote), CR line ends with an LF every thousandth
            // line: the line of the error is the one the whole read names.
            try write("regions.csv", regions)
            try write("organizations.csv", organizations)
            try write("persons.csv", "id,name,category\nP1,张三,teacher\nP2,李四,teacher\n")
            var text = "person,organization,role,start,end"
            for line in 2..<320_000 {
                text += line % 1000 == 0 ? "\n" : "\r"
                text += "P\(1 + line % 2),A-D1,\(line == 300_002 ? "chairman" : "member"),2019-01-01,"
            }
            try write("positions.csv", text + "\r")
            expectation = expect(65, "error", "positions.csv", line: 300_002, column: 3, ["unknown role \"chairman\""])
        default:
            throw CocoaError(.fileNoSuchFile)
        }
        return Folder(root: root, corpusCase: CorpusCase(description: name, path: root, expectation: expectation, timeLimit: 120))
    }
}
