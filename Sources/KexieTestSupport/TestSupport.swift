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
    public static func dataset(_ name: String) -> String { root.appendingPathComponent("datasets/\(name)").path }

    /// `Tests/Fixtures/NAME`.
    public static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures/\(name)").path }

    /// The debug build of the `kexie` executable (built by `swift build` / `make test`), or
    /// `$KEXIE_BINARY` when set (`make check` points it at the sanitized build).
    public static var kexieBinary: String {
        if let binary = ProcessInfo.processInfo.environment["KEXIE_BINARY"], !binary.isEmpty {
            return binary.hasPrefix("/") ? binary : root.appendingPathComponent(binary).path
        }
        let candidates = [".build/debug/kexie", ".build/release/kexie"].map { root.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}

/// A dataset folder written by a test, removed when the value is released.
public final class TemporaryDataset: @unchecked Sendable {
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

/// The outcome of loading a dataset, for tests that expect success or failure.
public struct LoadOutcome {
    /// The loaded dataset, or `nil` when the load failed.
    public let loaded: LoadedDataset?
    /// The failure, or `nil` on success.
    public let error: DatasetLoadError?

    public init(_ path: String, rules: [String] = []) {
        do {
            loaded = try DatasetLoader(rulesFiles: rules).load(path)
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.kexieBinary)
    process.arguments = arguments
    process.currentDirectoryURL = Repository.root
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes concurrently with the process so that large outputs cannot block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
