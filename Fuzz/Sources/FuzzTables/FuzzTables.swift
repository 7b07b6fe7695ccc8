import FuzzDriver
import FuzzSupport
import KexieIO

/// The table a fuzz input replaces: the first byte picks it (bits 0–2, modulo 6, index
/// `DatasetLoader.tableNames`: regions, organizations, persons, positions, links, institutions)
/// and whether it is written gzip-named as `NAME.csv.gz` instead of `NAME.csv` (bit 3); the
/// rest of the input is the file. `TableFuzzRegressionTests` reads committed findings the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTables(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size >= 1 else { return 0 }
    let table = DatasetLoader.tableNames[Int(data[0] & 7) % DatasetLoader.tableNames.count]
    let gzipNamed = data[0] & 8 != 0
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if gzipNamed {
        ScratchDataset.shared.check("\(table).csv.gz", body, removing: "\(table).csv")
    } else {
        ScratchDataset.shared.check("\(table).csv", body)
    }
    return 0
}

/// The entry point SwiftPM links as `main` (see Package.swift): libFuzzer's driver.
@_cdecl("FuzzTables_main")
public func fuzzTablesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    kexie_fuzz_main(argc, argv) { data, size in fuzzTables(data, size) }
}
