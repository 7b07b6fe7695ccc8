import Benchmark
import Foundation
import KexieAnalysis
import KexieExport
import KexieGenerate
import KexieIO
import KexieModel
import KexieOutput

/// The repository root, from this file's location (Benchmarks/Benchmarks/KexieBenchmarks/).
private let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A network generated once over the Tianjin frame with the city profile (about 2,700
/// organizations and 19,000 persons), cached in a temporary folder.
private let cityNetwork: String = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-bench-city").path
    if !FileManager.default.fileExists(atPath: "\(folder)/positions.csv") {
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: "\(folder)/regions.csv")
        try! FileManager.default.copyItem(atPath: "\(root)/datasets/tianjin/regions.csv", toPath: "\(folder)/regions.csv")
        let frame = try! NetworkGenerator.loadFrame(regionsFile: "\(root)/datasets/tianjin/regions.csv")
        try! NetworkGenerator(frame: frame, options: GeneratorOptions(seed: 1, profile: .city)).write(to: folder)
    }
    return folder
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .instructions, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(5), maxIterations: 50)

    Benchmark("load datasets/tianjin") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try DatasetLoader().load("\(root)/datasets/tianjin"))
        }
    }

    Benchmark("load the national frame (regions.csv.gz)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try DatasetLoader().load("\(root)/datasets/china"))
        }
    }

    Benchmark("analyse a generated city network") { benchmark in
        let dataset = try DatasetLoader().load(cityNetwork).dataset
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Analysis(dataset, asOf: dataset.asOf!))
        }
    }

    Benchmark("write the JSON document of a generated city network") { benchmark in
        let dataset = try DatasetLoader().load(cityNetwork).dataset
        let analysis = Analysis(dataset, asOf: dataset.asOf!)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(analysis.jsonText())
        }
    }

    // The byte writer (KexieMachinery's `_ByteWriter`, internal to the package) measured through
    // the public writers built on it: JSON strings (the word-at-a-time escape scan), integers and
    // decimals, and the XML escaping of a graph export.
    let names: [String] = (0..<100_000).map { i in
        i % 10 == 0 ? "科学技术协会 \"\(i)\"\n" : i % 2 == 0 ? "中国科学技术协会第\(i)分会" : "A-\(i)-organization"
    }

    Benchmark("byte writer: 100,000 JSON strings, one in ten escaped") { benchmark in
        for _ in benchmark.scaledIterations {
            var w = JSONWriter(indent: 0, reserving: 4 << 20)
            w.array { w in for name in names { w.string(name) } }
            blackHole(w.bytes.count)
        }
    }

    Benchmark("byte writer: 100,000 integers and decimals as JSON") { benchmark in
        for _ in benchmark.scaledIterations {
            var w = JSONWriter(indent: 0, reserving: 4 << 20)
            w.array { w in
                for i in 0..<100_000 {
                    w.int(i &* 7919 &- 400_000)
                    w.double(Double(i) / 7)
                }
            }
            blackHole(w.bytes.count)
        }
    }

    Benchmark("byte writer: GraphML of a generated city network (XML escaping)") { benchmark in
        let dataset = try DatasetLoader().load(cityNetwork).dataset
        let graph = NetworkGraph(dataset, asOf: dataset.asOf!)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var sink = ByteSink()
            GraphExport.writeGraphML(graph, to: &sink)
            blackHole(sink.bytes.count)
        }
    }

    // The open-addressing table (KexieMachinery's `_HashSlots`, internal to the package) and the
    // short-string compare and prefetch, measured through `InternedStrings`, the public type
    // built on them: ids of the national frame's shape (12 digits), inserted and looked up.
    let ids: [String] = (0..<1_000_000).map { i in String(120_000_000_000 + i &* 7_919 % 999_999_937) }

    Benchmark("hash table: intern 1,000,000 ids") { benchmark in
        for _ in benchmark.scaledIterations {
            var interned = InternedStrings()
            for id in ids { interned.insert(id) }
            blackHole(interned.count)
        }
    }

    Benchmark("hash table: look up 1,000,000 ids (half of them absent)") { benchmark in
        var interned = InternedStrings()
        for id in ids.prefix(500_000) { interned.insert(id) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var found = 0
            for id in ids where interned.index(of: id) != nil { found &+= 1 }
            blackHole(found)
        }
    }
}
