// kexie-example-blank-spots DATASET DISTRICT SVG
//
// What a script writer does with the kexie library: load a dataset folder, find one district
// by id or name, print its frontier blank spots (regions without an active association whose
// parent region has one), and draw the district's association tree to an SVG file.
// Uses the public API only; see "Using kexie as a Swift library" in the README.

import Foundation
import KexieAnalysis
import KexieIO
import KexieModel
import KexieRender

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("kexie-example-blank-spots: \(message)\n".utf8))
    exit(status)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3 else {
    fail("usage: kexie-example-blank-spots DATASET DISTRICT-ID-OR-NAME OUT.svg", status: 64)
}
let (datasetPath, districtKey, svgPath) = (arguments[1], arguments[2], arguments[3])

// 1. Load and validate. Errors carry the file, line and column of every problem.
let loaded: LoadedDataset
do {
    loaded = try DatasetLoader().load(datasetPath)
} catch {
    for diagnostic in error.log.diagnostics where diagnostic.severity == .error {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
    }
    fail("\(datasetPath): invalid", status: 65)
}
let dataset = loaded.dataset

// 2. The district: an id, or a name that exactly one district has.
let matches = dataset.regions.rows(matching: districtKey, level: .district)
guard matches.count == 1 else {
    fail(matches.isEmpty
        ? "no district of \(dataset.name) has the id or name \"\(districtKey)\""
        : "\(matches.count) districts are named \"\(districtKey)\"; give the id", status: 64)
}
let district = matches[0]

// 3. Every analysis, as of the dataset's own date (else today).
let now = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
let today = Day(year: now.year!, month: now.month!, day: now.day!)!
let analysis = Analysis(dataset, asOf: dataset.asOf ?? today)

// 4. The frontier blank spots in the district's subtree, one per line: id, name, level.
let regions = dataset.regions
for spot in analysis.coverage.blankSpots where spot.frontier && analysis.tree.contains(district, spot.region) {
    print("\(regions.ids[spot.region])\t\(regions.names[spot.region])\t\(regions.levels[spot.region].name)")
}

// 5. The district's structure diagram, laid out and rendered by Graphviz in process.
let plan = analysis.structureDiagram(scope: district)
for note in plan.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
do {
    let svg = try Graphviz.render(plan.diagram, engine: plan.engine, format: .svg)
    try Data(svg).write(to: URL(fileURLWithPath: svgPath), options: .atomic)
} catch {
    fail("\(svgPath): \(error)", status: 73)
}
