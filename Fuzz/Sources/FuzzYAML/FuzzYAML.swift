import FuzzDriver
import FuzzSupport

/// The YAML file a fuzz input replaces: the first byte picks `rules.yaml` (even) or
/// `dataset.yaml` (odd); the rest of the input is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size >= 1 else { return 0 }
    let file = data[0] & 1 == 0 ? "rules.yaml" : "dataset.yaml"
    ScratchDataset.shared.check(file, UnsafeBufferPointer(start: data + 1, count: size - 1))
    return 0
}

/// The entry point SwiftPM links as `main` (see Package.swift): libFuzzer's driver.
@_cdecl("FuzzYAML_main")
public func fuzzYAMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    kexie_fuzz_main(argc, argv) { data, size in fuzzYAML(data, size) }
}
