import Benchmark
import Foundation
import KexieAnalysis
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
}
