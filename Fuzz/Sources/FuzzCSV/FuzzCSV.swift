import FuzzDriver
@testable import KexieIO

/// The CSV scanner, then the table reader, on the input as the bytes of one file.
///
/// The scanner is checked for its invariants (fields inside the buffer and in order, lines that
/// never go back, progress on every record) and its fast path against its general path (the
/// same records, fields and defects); the table reader for handing only rows as wide as the
/// header to its caller. Any trap, sanitizer report or hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))

    /// Every record as (line, fields' bytes, defect), read with or without the fast path.
    func records(fastPath: Bool) -> [(Int, [[UInt8]], _CSVScanner.Defect?)] {
        var copy = input
        return copy.withUnsafeMutableBufferPointer { buffer in
            var scanner = _CSVScanner(buffer, fastPath: fastPath)
            var defect: _CSVScanner.Defect?
            var previousEnd = 0, previousLine = 0
            var out: [(Int, [[UInt8]], _CSVScanner.Defect?)] = []
            while let line = scanner.next(defect: &defect) {
                precondition(out.count <= size, "more records than bytes")
                precondition(line > previousLine, "a record starts on a line already read")
                previousLine = line
                var fields: [[UInt8]] = []
                for f in scanner.fields {
                    precondition(f.start >= previousEnd && f.start <= f.end && f.end <= size, "a field outside the buffer")
                    previousEnd = f.end
                    fields.append(Array(scanner.bytes(f)))
                }
                out.append((line, fields, defect))
            }
            return out
        }
    }
    let fast = records(fastPath: true), general = records(fastPath: false)
    precondition(fast.count == general.count, "the fast path reads another number of records")
    for (a, b) in zip(fast, general) {
        precondition(a.0 == b.0 && a.1 == b.1 && a.2 == b.2, "the fast path reads a record differently")
    }

    let schema = _TableSchema(table: "fuzz", required: ["id"], optional: ["name", "parent"])
    guard var reader = try? _TableReader(file: "fuzz.csv", bytes: input) else { return 0 }
    let log = _DiagnosticSink(limit: 50)
    var width = 0
    _ = reader.read(schema, log: log, header: { header in
        width = header.names.count
        _ = header.field("id")
    }, row: { row in
        precondition(row.cells.count == width, "a row narrower or wider than its header")
        for i in 0..<width { _ = row.string(i) }
    })
    for d in log.log.diagnostics { _ = d.description }
    return 0
}

/// The entry point SwiftPM links as `main` (see Package.swift): libFuzzer's driver.
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    kexie_fuzz_main(argc, argv) { data, size in fuzzCSV(data, size) }
}
