#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import KexieIO
import KexieModel
import KexieWorkbook

extension Kexie {
    /// `kexie template --frame DATASET_OR_REGIONS --scope 南开区 --out DIR [--xlsx]`: empty
    /// tables for people to fill in.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write empty tables to fill in: Chinese headers, the regions of one scope filled in, drop-down lists (--xlsx).",
            discussion: """
            Writes regions, organizations, persons, positions, links and institutions as CSV files (UTF-8 with a byte-order mark, \
            so that Excel opens them) or, with --xlsx, one workbook roster.xlsx with a sheet per table (区划, 组织, 人员, 职务, 联系, 单位). \
            Headers are the contract's Chinese column names; the guide 说明 (a sheet, or 说明.csv) gives each column's English key, \
            whether it is required and what it may hold. The regions table holds the scope region and every region under it. \
            In the workbook, ids are text cells and level, type, category, role and link kind offer drop-down lists of their Chinese labels. \
            Existing tables in the folder are never replaced.
            """
        )

        @Option(help: ArgumentHelp("The frame: a dataset folder, or a regions table (regions.csv or regions.csv.gz).", valueName: "path"))
        var frame: String

        @Option(help: ArgumentHelp("The region the template covers, with every region under it: its id, or a name or name path (南开区/向阳路街道) that one region has.", valueName: "region"))
        var scope: String

        @Option(help: ArgumentHelp("The folder to write (created if needed).", valueName: "dir"))
        var out: String

        @Flag(help: "One workbook, roster.xlsx, instead of CSV files.") var xlsx = false

        func validate() throws {
            if out == "-" { throw ValidationError("--out -: a template is a folder of files; standard output cannot hold it") }
        }

        func run() throws {
            let regions = try loadFrame()
            let row: Int
            do { row = try DatasetTemplate.scope(scope, in: regions) } catch { throw ValidationError("--scope \(error)") }
            let template = DatasetTemplate(frame: regions, scope: row)
            try refuseToReplace(template)
            do {
                try OutputFile.makeFolder(out)
                if xlsx {
                    try OutputFile.write(workbook: template.workbook(), to: "\(out)/\(DatasetTemplate.workbookFile)")
                } else {
                    let batch = OutputFile.Batch()
                    for (file, text) in template.csvFiles() { try batch.write(text, to: "\(out)/\(file)") }
                    try batch.commit()
                }
            } catch {
                throw KexieCommandError.outputFolder(out, error)
            }
            let count = template.tables[0].rows.count
            Console.err("kexie: wrote \(out)\(xlsx ? "/" + DatasetTemplate.workbookFile : ""): \(Format.plural(count, "region")) under \(regions.ids[row]) \(regions.names[row])")
        }

        /// The frame's regions: a dataset's, or a regions table's loaded as a dataset of its own
        /// (beside an empty organizations table, in a temporary folder).
        private func loadFrame() throws -> RegionTable {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: frame, isDirectory: &isFolder) else { throw KexieCommandError.inputMissing(path: frame) }
            if isFolder.boolValue { return try Console.load(frame, rules: []).dataset.regions }
            guard frame.hasSuffix(".csv") || frame.hasSuffix(".csv.gz") else {
                throw ValidationError("--frame must be a dataset folder or a regions table (.csv or .csv.gz)")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kexie-frame-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
                let source = frame.hasPrefix("/") ? frame : FileManager.default.currentDirectoryPath + "/" + frame
                try FileManager.default.createSymbolicLink(atPath: "\(folder)/regions.csv\(frame.hasSuffix(".gz") ? ".gz" : "")", withDestinationPath: source)
                try OutputFile.write("id,name,type,region,parent\n", to: "\(folder)/organizations.csv")
            } catch {
                throw KexieCommandError.outputFolder(folder, error)
            }
            return try Console.load(folder, rules: []).dataset.regions
        }

        /// Refuses to write over tables: a template written again over a folder would replace
        /// the rows someone filled in.
        private func refuseToReplace(_ template: DatasetTemplate) throws {
            let names = template.tables.flatMap { ["\($0.name).csv", "\($0.name).csv.gz", "\($0.name).xlsx"] }
                + [DatasetTemplate.workbookFile, "\(DatasetTemplate.guideName).csv"]
            if let existing = names.first(where: { FileManager.default.fileExists(atPath: "\(out)/\($0)") }) {
                throw ValidationError("--out \(out): \(existing) exists; kexie template writes only into a folder without tables (it would replace rows filled in)")
            }
        }
    }
}
