#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KexieAnalysis
import KexieIO
import KexieModel
import KexieOutput

/// A private copy of `datasets/sample` in a temporary folder. Each fuzz input replaces one of
/// its files, the folder is loaded through the public `DatasetLoader` (exactly what
/// `kexie validate` does), and the original file is put back, so every input meets an otherwise
/// valid dataset.
///
/// Loading through the folder rather than an in-memory entry point keeps the library's public
/// surface as it is and exercises the real path: locating `NAME.csv`/`NAME.csv.gz`, reading,
/// decompressing, decoding, parsing and resolving references between tables.
public final class ScratchDataset: @unchecked Sendable {
    /// The file names of the sample, with their original bytes.
    public let originals: [String: [UInt8]]
    public let path: String

    /// The copy shared by every input of one fuzzing process.
    public static let shared = ScratchDataset()

    private init() {
        // Fuzz/Sources/FuzzSupport/ScratchDataset.swift → the repository root.
        var root = "\(#filePath)"
        for _ in 0..<4 { root = String(root[..<root.lastIndex(of: "/")!]) }
        let sample = "\(root)/datasets/sample"
        let temporary = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(temporary)/kexie-fuzz-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("cannot create a temporary folder") }
        path = String(cString: made)
        var originals: [String: [UInt8]] = [:]
        for name in ["regions.csv", "organizations.csv", "persons.csv", "positions.csv", "links.csv",
                     "institutions.csv", "rules.yaml", "dataset.yaml"] {
            guard let bytes = Self.read("\(sample)/\(name)") else { fatalError("cannot read \(sample)/\(name)") }
            originals[name] = bytes
        }
        self.originals = originals
        for (name, bytes) in originals { Self.write("\(path)/\(name)", bytes) }
    }

    /// Writes `bytes` as `name` (removing `remove` first, e.g. `NAME.csv` when writing
    /// `NAME.csv.gz`), loads the dataset, analyses it when it loads and writes the JSON
    /// document, then restores the sample.
    public func check(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>, removing remove: String? = nil) {
        if let remove { unlink("\(path)/\(remove)") }
        Self.write("\(path)/\(name)", Array(bytes))
        defer {
            if originals[name] == nil { unlink("\(path)/\(name)") }
            for restored in [name, remove].compactMap({ $0 }) {
                if let original = originals[restored] { Self.write("\(path)/\(restored)", original) }
            }
        }
        let loaded: LoadedDataset
        do { loaded = try DatasetLoader().load(path) } catch {
            // A rejected input must say why.
            precondition(error.log.hasErrors, "a failed load without an error")
            for d in error.log.diagnostics { _ = d.description }
            return
        }
        for d in loaded.log.diagnostics { _ = d.description }
        let analysis = Analysis(loaded.dataset, asOf: loaded.dataset.asOf ?? Day(year: 2020, month: 12, day: 31)!)
        var writer = JSONWriter()
        analysis.writeJSON(to: &writer)
        precondition(!writer.bytes.isEmpty)
    }

    private static func read(_ file: String) -> [UInt8]? {
        guard let f = fopen(file, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    private static func write(_ file: String, _ bytes: [UInt8]) {
        guard let f = fopen(file, "wb") else { fatalError("cannot write \(file)") }
        if !bytes.isEmpty { precondition(fwrite(bytes, 1, bytes.count, f) == bytes.count, "short write to \(file)") }
        fclose(f)
    }
}
