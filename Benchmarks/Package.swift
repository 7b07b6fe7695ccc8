// swift-tools-version: 6.1
// In-process benchmarks of kexie's hot paths (ordo-one/benchmark). A package of its own so that
// they add nothing to `make test`'s build. Run: swift package --package-path Benchmarks benchmark
import PackageDescription

let package = Package(
    name: "KexieBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise known by its folder name, which differs per clone.
        .package(name: "kexie", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KexieBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KexieIO", package: "kexie"),
                .product(name: "KexieAnalysis", package: "kexie"),
                .product(name: "KexieOutput", package: "kexie"),
                .product(name: "KexieGenerate", package: "kexie"),
                .product(name: "KexieExport", package: "kexie"),
            ],
            path: "Benchmarks/KexieBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
