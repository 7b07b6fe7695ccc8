import Foundation
import Testing
import KexieIO
import KexieTestSupport

@Suite("kexie normalize: the canonical form of a dataset")
struct NormalizerTests {
    private func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aCanonicalDatasetIsWrittenAsItWasWithAnEmptyLog() throws {
        let source = try TemporaryDataset()
        let target = try TemporaryDataset([:])
        let result = try DatasetNormalizer().normalize(source.path, into: target.path)
        #expect(result.conversions == 0)
        #expect(result.tables.map(\.written) == ["regions.csv", "organizations.csv"])
        #expect(result.tables.map(\.rows) == [4, 3])
        for name in ["regions.csv", "organizations.csv"] {
            #expect(try text(target.file(name)) == TemporaryDataset.minimalTables[name]!.replacingOccurrences(of: "\n\n", with: "\n"))
        }
        #expect(try text(target.file(DatasetNormalizer.logFile)) == "file,line,column,column_name,read,became,why\n")
    }

    @Test func theSourceFolderIsNotATarget() throws {
        let source = try TemporaryDataset()
        #expect {
            try DatasetNormalizer().normalize(source.path, into: source.path + "/.")
        } throws: { error in
            guard case .output(let e) = error as? DatasetNormalizer.Failure else { return false }
            return e.description.contains("it is the source dataset")
        }
    }

    @Test func aTargetHoldingAnotherFormOfATableIsRefusedAndLeftAlone() throws {
        let source = try TemporaryDataset()
        let target = try TemporaryDataset(["regions.xlsx": "not a workbook"])
        #expect {
            try DatasetNormalizer().normalize(source.path, into: target.path)
        } throws: { error in
            guard case .output(let e) = error as? DatasetNormalizer.Failure else { return false }
            return e.path == target.file("regions.xlsx") && e.description.contains("remove it or choose an empty folder")
        }
        #expect(!FileManager.default.fileExists(atPath: target.file("regions.csv")))
    }

    @Test func aDatasetWithErrorsIsNotWritten() throws {
        let source = try TemporaryDataset(replacing: ["regions.csv": "id,name,level,parent\nD1,示例区,county,\n"])
        let target = try TemporaryDataset([:])
        #expect {
            try DatasetNormalizer().normalize(source.path, into: target.path)
        } throws: { error in
            guard case .load(let e) = error as? DatasetNormalizer.Failure else { return false }
            return e.kind == .dataError
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }
}
