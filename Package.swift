// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kexie",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kexie", targets: ["kexie"]),
        .library(name: "KexieModel", targets: ["KexieModel"]),
        .library(name: "KexieIO", targets: ["KexieIO"]),
        .library(name: "KexieAnalysis", targets: ["KexieAnalysis"]),
        .library(name: "KexieOutput", targets: ["KexieOutput"]),
        .library(name: "KexieRender", targets: ["KexieRender"]),
        .library(name: "KexieReport", targets: ["KexieReport"]),
        .library(name: "KexieGenerate", targets: ["KexieGenerate"]),
        .library(name: "KexieExport", targets: ["KexieExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The OOXML package (a ZIP archive) of .xlsx workbooks, read and written.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `swift package generate-documentation` (make doc). A command plugin: plain builds do not build it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // One C function Swift lacks: a cache prefetch, for the loader's hash-table probes.
        .systemLibrary(name: "CPrefetch"),
        // One libc function Swift's import of glibc hides (starting a child in a folder), for
        // the tests' child processes.
        .systemLibrary(name: "CSpawn"),
        // Two Linux system calls Swift's import of glibc hides, for outputs: swapping two folders
        // in one step (a report replaced whole) and listing a folder from a signal handler.
        .systemLibrary(name: "CFileSystem"),
        // zlib's inflate, for `.csv.gz` tables (named apart from ZIPFoundation's own CZLib module: clang
        // module names clash regardless of case).
        .systemLibrary(
            name: "CInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libxml2's streaming parser, for the XML parts of .xlsx workbooks. Only KexieWorkbook
        // imports it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Graphviz (libgvc, libcgraph) and fontconfig (which Graphviz's renderers use): compiler
        // and linker flags from pkg-config for CGraphviz. Nothing imports them.
        .systemLibrary(
            name: "CGraphvizSystem",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .systemLibrary(
            name: "CFontconfig",
            pkgConfig: "fontconfig",
            providers: [.apt(["libfontconfig-dev"])]
        ),
        // Graphviz's API and the C kexie adds to it: the arena memory discipline (clusters in
        // creation order) and the font check. Only KexieRender imports it.
        .target(name: "CGraphviz", dependencies: ["CGraphvizSystem", "CFontconfig"]),
        // The performance machinery every other module leans on, fenced in one place: the two-thread
        // split, the buffered byte writer and its escapings, word-at-a-time byte tests, the
        // open-addressing table, prefetch, huge pages and phase timings. Internal: not a product;
        // its API is `package` and underscored.
        .target(name: "KexieMachinery", dependencies: ["CPrefetch"]),
        // Value types of the network: interned ids, columnar tables, CSR adjacency, rules. No I/O.
        .target(name: "KexieModel", dependencies: ["KexieMachinery"]),
        // .xlsx workbooks: sheets read as rows of text cells (shared and inline strings, numbers,
        // dates by style in both date systems, formulas' cached values, merged ranges) and
        // written (frozen header, fitted widths, drop-down lists).
        .target(
            name: "KexieWorkbook",
            dependencies: ["KexieMachinery", "CLibXML2", "CInflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Reading datasets (CSV, gzip, GB18030, YAML, .xlsx) with validation and diagnostics; writers.
        .target(
            name: "KexieIO",
            dependencies: [
                "KexieMachinery",
                "KexieModel",
                "KexieWorkbook",
                "CInflate",
                "CFileSystem",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Computations over a loaded dataset as of a date.
        .target(name: "KexieAnalysis", dependencies: ["KexieMachinery", "KexieModel"]),
        .target(name: "KexieGenerate", dependencies: ["KexieMachinery", "KexieModel", "KexieIO"]),
        // Writers of findings for people and scripts: JSON, JSON Lines, CSV, text tables, workbooks.
        .target(name: "KexieOutput", dependencies: ["KexieMachinery", "KexieModel", "KexieAnalysis", "KexieWorkbook"]),
        // Structure, coverage, linkage and ego diagrams laid out and rendered by Graphviz in process.
        .target(name: "KexieRender", dependencies: ["KexieMachinery", "KexieModel", "KexieAnalysis", "CGraphviz"]),
        // Reports for people: HTML, Markdown and Jupyter notebooks with inline diagrams.
        .target(name: "KexieReport", dependencies: ["KexieMachinery", "KexieModel", "KexieAnalysis", "KexieOutput", "KexieRender"]),
        // The whole network as one graph: GraphML, GEXF, node-link JSON, DOT, Neo4j CSV (streamed).
        .target(name: "KexieExport", dependencies: ["KexieMachinery", "KexieModel", "KexieAnalysis"]),
        // The command tree; a library so that the executable stays a one-line entry point.
        .target(
            name: "KexieCLI",
            dependencies: [
                "KexieModel", "KexieIO", "KexieAnalysis", "KexieOutput", "KexieRender", "KexieReport", "KexieGenerate", "KexieExport",
                "KexieWorkbook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kexie", dependencies: ["KexieCLI"]),
        // The library as a script writer uses it (README: "Using kexie as a Swift library"); built
        // with the tests so it cannot rot, and run by KexieCLITests.
        .executableTarget(
            name: "kexie-example-blank-spots",
            dependencies: ["KexieIO", "KexieAnalysis", "KexieRender"],
            path: "Examples/BlankSpots"
        ),
        // Helpers shared by the test targets: fixture paths, temporary datasets, running the binary.
        .target(name: "KexieTestSupport", dependencies: ["KexieModel", "KexieIO", "CSpawn"], path: "Sources/KexieTestSupport"),
        .testTarget(name: "KexieMachineryTests", dependencies: ["KexieMachinery"]),
        .testTarget(name: "KexieWorkbookTests", dependencies: ["KexieWorkbook", "KexieTestSupport"]),
        .testTarget(name: "KexieModelTests", dependencies: ["KexieModel", "KexieMachinery", "KexieTestSupport"]),
        .testTarget(name: "KexieIOTests", dependencies: ["KexieIO", "KexieModel", "KexieMachinery", "KexieWorkbook", "KexieTestSupport"]),
        .testTarget(name: "KexieAnalysisTests", dependencies: ["KexieAnalysis", "KexieIO", "KexieTestSupport"]),
        .testTarget(name: "KexieOutputTests", dependencies: ["KexieOutput", "KexieAnalysis", "KexieWorkbook", "KexieTestSupport"]),
        .testTarget(name: "KexieRenderTests", dependencies: ["KexieRender", "KexieAnalysis", "KexieTestSupport"]),
        .testTarget(name: "KexieReportTests", dependencies: ["KexieReport", "KexieAnalysis", "KexieTestSupport"]),
        .testTarget(name: "KexieCLITests", dependencies: ["KexieTestSupport"]),
        .testTarget(name: "KexieExportTests", dependencies: ["KexieExport", "KexieIO", "KexieRender", "KexieTestSupport"]),
        .testTarget(name: "KexieGenerateTests", dependencies: ["KexieGenerate", "KexieIO", "KexieTestSupport"]),
        .testTarget(name: "KexieTestSupportTests", dependencies: ["KexieTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
