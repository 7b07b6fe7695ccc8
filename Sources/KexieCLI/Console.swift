#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import Synchronization
import KexieIO
import KexieModel
import KexieAnalysis
import KexieOutput

/// Writing to the terminal: data to stdout, diagnostics to stderr.
enum Console {
    /// Writes a line of data to standard output (unbuffered, like `writeOut`, so the two
    /// never interleave out of order). A failed write (a full disk, `/dev/full`, a size limit)
    /// is `KexieCommandError.output`: the data did not arrive, and the exit status says so.
    static func out(_ text: String) throws(KexieCommandError) {
        do {
            try writeOut(Array((text + "\n").utf8))
        } catch {
            throw .output(error)
        }
    }

    /// Writes bytes to standard output in full, retrying short writes.
    static func writeOut(_ bytes: [UInt8]) throws(OutputError) {
        try bytes.withUnsafeBufferPointer { (b) throws(OutputError) in try writeOut(b) }
    }

    /// Writes bytes to standard output in full, retrying short writes.
    static func writeOut(_ b: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        guard let base = b.baseAddress else { return }
        var offset = 0
        while offset < b.count {
            let n = _writeStdout(base + offset, b.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: "standard output", errno: errno)
            }
            offset += n
        }
    }

    /// Whether `KEXIE_TIMINGS` asks for the time of each phase on stderr.
    static let showsTimings = getenv("KEXIE_TIMINGS").map { String(cString: $0) }.map { !$0.isEmpty && $0 != "0" } ?? false

    /// Prints each phase's wall time to stderr when `KEXIE_TIMINGS` is set.
    static func printTimings(_ timings: PhaseTimings) {
        guard showsTimings else { return }
        for (name, seconds) in timings.phases {
            err("kexie: time: \(name) \(Int((seconds * 1000).rounded())) ms")
        }
    }
    /// Writes a line to stderr. Messages quote dataset text and arguments: control, line-break
    /// and bidirectional characters in them are shown as escapes (`TerminalText`).
    static func err(_ text: String) {
        errRaw(TerminalText.neutralized(text) + "\n")
    }

    /// Writes text to stderr as it is (no line break added).
    static func errRaw(_ text: String) {
        var line = text
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    /// Whether standard output is a terminal (then tables are the default format).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    /// Whether standard error is a terminal (then long steps show progress).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Prints a load's diagnostics to stderr: errors and notes always; warnings in full or as a
    /// count that points to `kexie validate`.
    static func printDiagnostics(_ log: DiagnosticLog, includeWarnings: Bool) {
        for d in log.diagnostics where d.severity != .warning || includeWarnings { err(d.description) }
        if log.omittedErrors > 0 { err("… and \(Format.plural(log.omittedErrors, "more error")) not shown") }
        if includeWarnings, log.omittedWarnings > 0 { err("… and \(Format.plural(log.omittedWarnings, "more warning")) not shown") }
        if !includeWarnings, log.warningCount > 0 {
            err("kexie: \(Format.plural(log.warningCount, "warning")) while loading; `kexie validate` lists them")
        }
    }

    /// Loads a dataset for a command that needs one, printing the load's errors and notes and a
    /// count of its warnings; a dataset that does not load is `datasetNotLoaded` (its
    /// diagnostics in full are told with the failure).
    static func load(_ path: String, rules: [String]) throws(KexieCommandError) -> LoadedDataset {
        let progress = LoadProgress(enabled: stderrIsTerminal)
        defer { progress.finish() }
        return try checkTargetRows(try loadChecked(path, rules: rules, progress: progress), path: path)
    }

    private static func loadChecked(_ path: String, rules: [String], progress: LoadProgress) throws(KexieCommandError) -> LoadedDataset {
        do {
            let loaded = try DatasetLoader(rulesFiles: rules, progress: progress.enabled ? progress.update : nil).load(path)
            progress.finish()
            printTimings(loaded.timings)
            printDiagnostics(loaded.log, includeWarnings: false)
            return loaded
        } catch {
            progress.finish()
            throw .datasetNotLoaded(path: path, error)
        }
    }

    /// `loaded`, unless its targets would make more rows than `TargetResult.rowLimit`.
    private static func checkTargetRows(_ loaded: LoadedDataset, path: String) throws(KexieCommandError) -> LoadedDataset {
        do { try TargetResult.checkRowLimit(loaded.dataset) } catch { throw .limitExceeded(path: path, error) }
        return loaded
    }

    /// Refuses to list the pairs of `analysis` (of the dataset at `path`) past `Linkage.pairLimit`.
    static func checkPairLimit(_ analysis: Analysis, path: String) throws(KexieCommandError) {
        do { try Linkage.checkPairLimit(analysis.dataset, activity: analysis.activity) } catch { throw .limitExceeded(path: path, error) }
    }
}

private func _writeStdout(_ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(STDOUT_FILENO, buffer, count)
}

/// Today's date in the local time zone.
enum Today {
    static func day() -> Day { Day.today() }
}

/// Word formatting for people.
enum Format {
    /// `5933` → `5,933`.
    static func count(_ n: Int) -> String { NumberFormat.grouped(n) }

    /// `1 error`, `2 errors`.
    static func plural(_ n: Int, _ word: String) -> String {
        "\(count(n)) \(word)\(n == 1 ? "" : "s")"
    }
}

/// Rows read per table, on one stderr line rewritten in place while a load takes longer than
/// half a second (terminals only; silent for quick loads and in scripts). Two tables are read
/// at once, so updates come from two threads and are serialized by a lock.
final class LoadProgress: Sendable {
    let enabled: Bool
    private let start = PhaseTimings.now()
    /// The rows read per table, latest last, and whether the line is on the screen.
    private let state = Mutex<(rows: [(file: String, count: Int)], shown: Bool)>(([], false))

    init(enabled: Bool) { self.enabled = enabled }

    @Sendable func update(_ file: String, _ count: Int) {
        state.withLock { state in
            // The two tables updated last are the ones being read (one per thread); the line stays short.
            state.rows.removeAll { $0.file == file }
            state.rows.append((file, count))
            guard PhaseTimings.now() - start > 0.5 else { return }
            let parts = state.rows.suffix(2).map { "\(($0.file as NSString).lastPathComponent) \(Format.count($0.count))" }
            Console.errRaw("\r\u{1B}[Kkexie: reading " + TerminalText.neutralized(parts.joined(separator: ", ")) + " rows…")
            state.shown = true
        }
    }

    func finish() {
        state.withLock { state in
            if state.shown { Console.errRaw("\r\u{1B}[K") }
            state.shown = false
        }
    }
}
