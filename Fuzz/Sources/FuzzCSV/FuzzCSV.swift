import FuzzDriver
@testable import KexieIO

/// The CSV scanner, then the table reader, on the input as the bytes of one file.
///
/// The scanner is checked for its invariants (fields inside the buffer and in order, lines that
/// never go back, progress on every record); the table reader for handing only rows as wide as
/// the header to its caller. Any trap, sanitizer report or hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))

    var copy = input
    copy.withUnsafeMutableBufferPointer { buffer in
        var scanner = _CSVScanner(buffer)
        var defect: _CSVScanner.Defect?
        var previousEnd = 0, previousLine = 0, records = 0
        while let line = scanner.next(defect: &defect) {
            records += 1
            precondition(records <= size + 1, "more records than bytes")
            precondition(line > previousLine, "a record starts on a line already read")
            previousLine = line
            for f in scanner.fields {
                precondition(f.start >= previousEnd && f.start <= f.end && f.end <= size, "a field outside the buffer")
                previousEnd = f.end
                _ = scanner.bytes(f).reduce(0, &+)
            }
        }
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
