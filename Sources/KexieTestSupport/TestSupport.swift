import Foundation
import KexieIO
import KexieModel

/// Where the repository is, found from this file's path, so tests run from any directory.
public enum Repository {
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/KexieTestSupport/TestSupport.swift
        return url
    }()

    /// `datasets/NAME`.
    /// The sanitizer the tested binaries were built with (`make check` sets `KEXIE_SANITIZER`
    /// to `address` or `thread`), or `nil`.
    public static let sanitizer: String? = ProcessInfo.processInfo.environment["KEXIE_SANITIZER"].flatMap { $0.isEmpty ? nil : $0 }

    /// How many times longer a child process may take: sanitized binaries run 5 to 15 times slower.
    public static var timeScale: Double { sanitizer == nil ? 1 : 10 }

    public static func dataset(_ name: String) -> String { root.appendingPathComponent("datasets/\(name)").path }

    /// `Tests/Fixtures/NAME`.
    public static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures/\(name)").path }

    /// The debug build of the `kexie` executable (built by `swift build` / `make test`), or
    /// `$KEXIE_BINARY` when set (`make check` points it at the sanitized build).
    public static var kexieBinary: String {
        if let binary = ProcessInfo.processInfo.environment["KEXIE_BINARY"], !binary.isEmpty {
            return binary.hasPrefix("/") ? binary : root.appendingPathComponent(binary).path
        }
        return binary("kexie")
    }

    /// The package's executable `name`: beside `$KEXIE_BINARY` when that is set (so that
    /// `make check` runs the sanitized build of every program), else the debug (else release)
    /// build.
    public static func binary(_ name: String) -> String {
        var candidates = [".build/debug/\(name)", ".build/release/\(name)"].map { root.appendingPathComponent($0).path }
        if name != "kexie", let kexie = ProcessInfo.processInfo.environment["KEXIE_BINARY"], !kexie.isEmpty {
            let folder = URL(fileURLWithPath: kexie.hasPrefix("/") ? kexie : root.appendingPathComponent(kexie).path).deletingLastPathComponent()
            candidates.insert(folder.appendingPathComponent(name).path, at: 0)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}

/// A dataset folder written by a test, removed when the value is released.
public final class TemporaryDataset: Sendable {
    /// The folder.
    public let path: String

    /// A minimal valid dataset (a district with two townships, one association each) to which
    /// each test applies its one defect by overwriting a file.
    public static let minimalTables: [String: String] = [
        "regions.csv": """
            id,name,level,parent,kind
            D1,示例区,district,,
            T1,东街道,township,D1,
            T2,西镇,township,D1,town
            V1,东社区,village,T1,

            """,
        "organizations.csv": """
            id,name,type,region,parent,institution,discipline,founded,dissolved
            A-D1,示例区科协,association,D1,,,,1990,
            A-T1,东街道科协,association,T1,A-D1,,,2018-05,
            A-T2,西镇科协,association,T2,A-D1,,,2018-06-01,

            """,
    ]

    public init(_ files: [String: String] = TemporaryDataset.minimalTables, replacing: [String: String] = [:]) throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("kexie-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir
        for (name, text) in files.merging(replacing, uniquingKeysWith: { $1 }) { try write(name, text) }
    }

    /// Writes `text` as UTF-8 to `name` inside the dataset.
    public func write(_ name: String, _ text: String) throws {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes to `name` inside the dataset.
    public func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/\(name)"))
    }

    /// Removes `name` from the dataset.
    public func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: "\(path)/\(name)")
    }

    /// `path/name`, as diagnostics name the file.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// What a command that loads `datasets/sample` or `datasets/tianjin` prints first on stderr:
/// each has organizations founded after its dataset.yaml's `as_of` (kept to analyse later dates),
/// which dataset.md version 2 makes a warning of the load.
public let shippedLoadWarning = "kexie: 1 warning while loading; `kexie validate` lists them\n"

/// The outcome of loading a dataset, for tests that expect success or failure.
public struct LoadOutcome {
    /// The loaded dataset, or `nil` when the load failed.
    public let loaded: LoadedDataset?
    /// The failure, or `nil` on success.
    public let error: DatasetLoadError?

    public init(_ path: String, rules: [String] = []) { self.init(path, loader: DatasetLoader(rulesFiles: rules)) }

    /// The outcome of `loader` loading the dataset at `path`.
    public init(_ path: String, loader: DatasetLoader) {
        do {
            loaded = try loader.load(path)
            error = nil
        } catch {
            loaded = nil
            self.error = error
        }
    }

    /// The dataset, or `nil` when the load failed.
    public var dataset: Dataset? { loaded?.dataset }

    /// The load's log (warnings and notes on success; everything on failure).
    public var log: DiagnosticLog { loaded?.log ?? error!.log }

    /// The failure kind, or `nil` on success.
    public var failure: DatasetLoadError.Kind? { error?.kind }

    /// Diagnostics of a severity.
    public func diagnostics(_ severity: Diagnostic.Severity) -> [Diagnostic] {
        log.diagnostics.filter { $0.severity == severity }
    }
}

/// The result of running the `kexie` binary.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `kexie` binary with `arguments`, from the repository root.
public func runKexie(_ arguments: [String]) throws -> ProcessResult {
    try runBinary(Repository.kexieBinary, arguments)
}

/// Runs the executable at `path` with `arguments`, from the repository root.
public func runBinary(_ path: String, _ arguments: [String]) throws -> ProcessResult {
    let r = try ChildProcess(path, arguments, in: Repository.root.path).wait()
    return ProcessResult(status: r.status, stdout: r.stdout, stderr: r.stderr)
}

/// The result of a run of the `kexie` binary bounded in time.
public struct BoundedProcessResult: Sendable {
    public var status: Int32
    /// Whether the process ended by a signal (a crash, or the kill after the time bound).
    public var signalled: Bool
    /// Whether the time bound was reached and the process killed.
    public var timedOut: Bool
    public var stdout: String
    public var stderr: String
    /// Wall time of the run.
    public var seconds: Double
}

/// Runs the built `kexie` binary with `arguments` from the repository root, killing it (SIGKILL)
/// when it runs longer than `seconds`.
public func runKexie(_ arguments: [String], timeout seconds: Double) throws -> BoundedProcessResult {
    try ChildProcess(Repository.kexieBinary, arguments, in: Repository.root.path).wait(timeout: seconds)
}

/// A dataset whose every name is an attempt at injection, for the tests that prove names stay
/// data in every output.
public enum HostileNames {
    /// Names that would become markup, formulas, Graphviz escapes, terminal commands or
    /// reordered text if any writer let them through.
    public static let all = [
        "<script>alert(1)</script>", "a|b*c_d", "=HYPERLINK(\"http://x\")", #"\N\G\l"#, #""];evil["#, "&amp;",
        "line\nbreak", "\u{202E}evil", "`code` [x](http://x)", "# heading", "@SUM(A1)", "+1", "-2", #"back\slash|"#, "{rec|<p>}",
    ]

    /// The dataset: one district (named to break out of a notebook comment) and one township per name, an association in the district and
    /// in every other township (the rest are blank spots), and a person of each name chairing
    /// one of them. Its `dataset.yaml` name carries markup and a right-to-left override (a
    /// control character, such as an escape sequence, is refused in YAML as in CSV cells).
    public static func dataset() throws -> TemporaryDataset {
        func csv(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // The district's name (in figure captions, so in the notebook's code cells) tries to add code.
        var regions = "id,name,level,parent,kind\nD1,\(csv(all[0] + "\nimport os; os.system('x')")),district,,\n"
        var organizations = "id,name,type,region,parent\nA-D1,\(csv(all[1])),association,D1,\n"
        var persons = "id,name,category\n"
        var positions = "person,organization,role\n"
        for (i, name) in all.enumerated() {
            regions += "T\(i),\(csv(name)),township,D1,town\n"
            if i % 2 == 0 { organizations += "A-T\(i),\(csv(name)),association,T\(i),A-D1\n" }
            persons += "P\(i),\(csv(name)),hospital_director\n"
            positions += "P\(i),\(i % 2 == 0 ? "A-T\(i)" : "A-D1"),\(i % 2 == 0 ? "chair" : "committee")\n"
        }
        return try TemporaryDataset([
            "regions.csv": regions, "organizations.csv": organizations, "persons.csv": persons, "positions.csv": positions,
            "links.csv": "from,to,kind\nA-T0,A-T2,pairs_with\n",
            "dataset.yaml": "name: \"<b>网络</b>\\u202E|x\"\nas_of: 2020-12-31\n",
        ])
    }
}
