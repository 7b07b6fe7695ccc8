// swift-tools-version: 6.1
// libFuzzer targets over kexie's input parsers. A package of its own so that they add nothing to
// `make test`'s build. Build and run with `make fuzz` (see README, "Fuzzing"): the targets must be
// compiled with `-sanitize=fuzzer,address -parse-as-library`, and with `-enable-testing` because
// FuzzCSV reaches the internal CSV scanner and table reader through `@testable import KexieIO`.
//
// SwiftPM links an executable on Linux with `--defsym main=<Target>_main` (the entry point it
// renames so that tests can import executables), and `-parse-as-library` emits no entry point, so
// each target defines `<Target>_main` itself and hands its test function to libFuzzer's driver.
import PackageDescription

let package = Package(
    name: "KexieFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its folder name, which differs per clone.
        .package(name: "kexie", path: ".."),
    ],
    targets: [
        // A scratch copy of datasets/sample into which each input is written as one file.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "KexieIO", package: "kexie"),
                .product(name: "KexieAnalysis", package: "kexie"),
                .product(name: "KexieOutput", package: "kexie"),
            ]
        ),
        // `LLVMFuzzerRunDriver`, callable from Swift.
        .target(name: "FuzzDriver"),
        // (a) The CSV scanner and the table reader, on the bytes of one file.
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzDriver", .product(name: "KexieIO", package: "kexie")]),
        // (b) The loader (and the analyses of what loads): the input is one table of datasets/sample.
        .executableTarget(name: "FuzzTables", dependencies: ["FuzzDriver", "FuzzSupport"]),
        // (c) rules.yaml and dataset.yaml of datasets/sample.
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzDriver", "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
