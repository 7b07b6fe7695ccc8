import Foundation
import Testing
@testable import KexieIO
import KexieModel
import KexieTestSupport

/// The only error of a failed load (a data error), for tests of one limit.
private func onlyError(_ ds: TemporaryDataset, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    let outcome = LoadOutcome(ds.path)
    #expect(outcome.failure == .dataError, sourceLocation: sourceLocation)
    let errors = outcome.diagnostics(.error)
    #expect(errors.count == 1, "\(errors.map { String($0.description.prefix(300)) })", sourceLocation: sourceLocation)
    return errors.first
}

/// Each limit of `LoadLimits`, on a small synthetic input just beyond it (and one at it).
@Suite struct LoadLimitsTests {
    let header = "id,name,type,region,parent,institution,discipline,founded,dissolved"

    @Test func aHeaderOf100000ColumnsIsADataError() throws {
        let wide = header + (0..<(100_000 - 9)).map { ",extra\($0)" }.joined() + "\n"
        let ds = try TemporaryDataset(replacing: ["organizations.csv": wide])
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("organizations.csv"))
        #expect(e.line == 1)
        #expect(e.message == "more than 10000 cells in one row; a table may have at most 10000 columns")
    }

    @Test func aHeaderAtTheColumnLimitLoads() throws {
        let wide = header + (0..<(LoadLimits.columns - 9)).map { ",extra\($0)" }.joined() + "\n"
        let row = "A-D1,示例区科协,association,D1,,,,1990," + String(repeating: ",", count: LoadLimits.columns - 9) + "\n"
        let ds = try TemporaryDataset(replacing: ["organizations.csv": wide + row])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == nil)
        #expect(outcome.dataset?.organizations.attributes.names.count == LoadLimits.columns - 9)
    }

    @Test func aRowOfTooManyCellsIsReportedAndTheRestLoads() throws {
        let long = "A-X,x,association,D1,,,,," + String(repeating: ",", count: 20_000) + "\n"
        let ds = try TemporaryDataset(replacing: ["organizations.csv": header + "\n" + long + "A-D1,示例区科协,association,D1,,,,1990,\n"])
        let e = try #require(onlyError(ds))
        #expect(e.line == 2)
        #expect(e.message.hasPrefix("more than 10000 cells in one row"))
    }

    @Test func aTenMegabyteCellIsADataError() throws {
        let name = String(repeating: "科", count: 10 << 20 / 3 + 1)  // 3 bytes each: just over 10 MiB
        let ds = try TemporaryDataset(replacing: ["organizations.csv": header + "\nA-D1,\(name),association,D1,,,,1990,\n"])
        let e = try #require(onlyError(ds))
        #expect(e.line == 2)
        #expect(e.column == 2)
        #expect(e.message == "a cell of \(name.utf8.count) bytes in column \"name\"; a cell may hold at most 1 MiB")
    }

    @Test func aCellOfExactlyOneMebibyteLoads() throws {
        let name = String(repeating: "n", count: LoadLimits.cellBytes)
        let ds = try TemporaryDataset(replacing: ["organizations.csv": header + "\nA-D1,\"\(name)\",association,D1,,,,1990,\n"])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == nil)
        #expect(outcome.dataset?.organizations.names[0].utf8.count == LoadLimits.cellBytes)
    }

    @Test func aTableOverOneGibibyteIsRejectedBeforeItIsRead() throws {
        let ds = try TemporaryDataset()
        // A sparse file: 1 GiB + 1 byte long, no disk used.
        let handle = try #require(FileHandle(forWritingAtPath: ds.file("regions.csv")))
        try handle.truncate(atOffset: UInt64(LoadLimits.tableBytes) + 1)
        try handle.close()
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("regions.csv"))
        #expect(e.message == "the file is 1073741825 bytes; a table may be at most 1 GiB (1073741824 bytes)")
    }

    @Test func aTableThatIsADeviceIsAnInputError() throws {
        // Like a folder, a device is no file to read: input missing or unreadable (66).
        let ds = try TemporaryDataset()
        try ds.remove("organizations.csv")
        try FileManager.default.createSymbolicLink(atPath: ds.file("organizations.csv"), withDestinationPath: "/dev/zero")
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .inputMissing)
        let errors = outcome.diagnostics(.error)
        #expect(errors.map(\.file) == [ds.file("organizations.csv")])
        #expect(errors.first?.message == "not a regular file: a table must be a file (a pipe or a device cannot be read to its end)")
    }

    @Test func aTableThatIsAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        // Opened without waiting (O_NONBLOCK) and refused by fstat on what was opened: a FIFO
        // swapped in after a check by name can no longer hang the load.
        let ds = try TemporaryDataset()
        try? ds.remove("positions.csv")
        #expect(mkfifo(ds.file("positions.csv"), 0o600) == 0)
        #expect {
            try _FileSystem.read(ds.file("positions.csv"), limit: LoadLimits.tableBytes)
        } throws: { ($0 as? FileReadError)?.kind == .notRegularFile }
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .inputMissing)
        #expect(outcome.diagnostics(.error).first?.message.hasPrefix("not a regular file") == true)
    }

    @Test func aSystemFileWithoutASizeIsCappedByTheBytesRead() throws {
        // /proc/self/pagemap states size 0 and reads on for gigabytes; the cap is on what is
        // read, not on the size stat states.
        guard FileManager.default.isReadableFile(atPath: "/proc/self/pagemap") else { return }
        #expect {
            try _FileSystem.read("/proc/self/pagemap", limit: 1 << 20)
        } throws: { ($0 as? FileReadError)?.kind == .tooLarge(size: nil, limit: 1 << 20) }
        #expect(try _FileSystem.read("/proc/self/stat", limit: 1 << 20).count > 10, "a small system file reads")
    }

    @Test func aFileOfExactlyTheLimitReads() throws {
        let ds = try TemporaryDataset()
        let path = ds.file("limit.csv")
        try Data(repeating: 0x41, count: 1000).write(to: URL(fileURLWithPath: path))
        #expect(try _FileSystem.read(path, limit: 1000).count == 1000)
        #expect {
            try _FileSystem.read(path, limit: 999)
        } throws: { ($0 as? FileReadError)?.kind == .tooLarge(size: 1000, limit: 999) }
    }

    @Test func aTableSymlinkedToASystemFileIsADataErrorNamingTheLimit() throws {
        guard FileManager.default.isReadableFile(atPath: "/proc/self/pagemap") else { return }
        let ds = try TemporaryDataset()
        try? ds.remove("links.csv")
        try FileManager.default.createSymbolicLink(atPath: ds.file("links.csv"), withDestinationPath: "/proc/self/pagemap")
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("links.csv"))
        #expect(e.message.hasPrefix("reading the file gave more than 1 GiB though its size said less"), "\(e.message)")
        #expect(e.message.hasSuffix("a table may be at most 1 GiB (1073741824 bytes)"))
    }

    @Test func decompressionStopsAtTheLimit() throws {
        let gz = try _FileSystem.read(Repository.fixture("limits/zeros-2MiB.gz"), limit: LoadLimits.tableBytes)
        #expect(try _Gzip.decompress(gz).count == 2 << 20)
        #expect(try _Gzip.decompress(gz, limit: 2 << 20).count == 2 << 20)
        #expect {
            try _Gzip.decompress(gz, limit: 1 << 20)
        } throws: { ($0 as? _GzipError)?.message == "the data decompresses to more than 1 MiB, the most a table may hold" }
    }

    @Test func rowEstimatesAreCappedAtTheRowLimit() throws {
        // The estimate scales the line breaks of the first 256 KiB to the file, with a tenth
        // to spare; the cap is what keeps a gigabyte of line breaks from reserving memory for a
        // billion rows.
        let reader = try _TableReader(file: "t.csv", bytes: [UInt8](repeating: 0x0A, count: 1_000_000))
        #expect(reader.estimatedRows >= 1_000_000 && reader.estimatedRows <= 1_250_000)
        let small = try _TableReader(file: "t.csv", bytes: Array("id\n1\n2\n".utf8))
        #expect(small.estimatedRows == 4)
        let huge = try _TableReader(file: "t.csv", bytes: [UInt8](repeating: 0x0A, count: 20_000_000))
        #expect(huge.estimatedRows == LoadLimits.rows)
        #expect(LoadLimits.rows == 1 << 24)
    }

    @Test func aRulesFileOverOneMebibyteIsADataError() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": "# " + String(repeating: "x", count: LoadLimits.yamlBytes) + "\n"])
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("rules.yaml"))
        #expect(e.message == "the file is \(LoadLimits.yamlBytes + 3) bytes; a YAML file may be at most 1 MiB (1048576 bytes)")
    }

    @Test func yamlNestedBeyondTheLimitIsADataError() throws {
        // 65 levels: within libyaml's 1,000, beyond kexie's 64.
        let deep = "coverage: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        let ds = try TemporaryDataset(replacing: ["rules.yaml": deep])
        let e = try #require(onlyError(ds))
        #expect(e.line == 1)
        #expect(e.message == "mappings and lists nest more than 64 levels deep; a kexie YAML file may nest at most 64")
    }

    @Test func yamlNested100000DeepIsADataError() throws {
        let deep = "name: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let ds = try TemporaryDataset(replacing: ["dataset.yaml": deep])
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("dataset.yaml"))
        #expect(e.message == "mappings and lists nest more than 64 levels deep; a kexie YAML file may nest at most 64")
    }

    @Test func mergingMappingsOfManyKeysIsLinear() throws {
        // Rules merged over the defaults: 200,000 keys over 200,000 keys, half of them shared.
        // Quadratic merging would compare 2·10^10 keys; linear merging takes well under a second.
        func mapping(_ keys: Range<Int>, _ value: String) -> _YAMLValue {
            let mark = _SourceMark(file: "t.yaml", line: 1, column: 1)
            return .mapping(keys.map { ("k\($0)", mark, .scalar(value, quoted: false, mark)) }, mark)
        }
        let start = ContinuousClock.now
        let merged = mapping(0..<200_000, "base").merged(with: mapping(100_000..<300_000, "over"))
        #expect(ContinuousClock.now - start < .seconds(30))
        guard case .mapping(let entries, _) = merged else { Issue.record("not a mapping"); return }
        #expect(entries.count == 300_000)
        #expect(entries.map(\.key) == (0..<300_000).map { "k\($0)" })
        guard case .scalar(let at99999, _, _) = entries[99_999].value, case .scalar(let at100000, _, _) = entries[100_000].value else {
            Issue.record("not scalars"); return
        }
        #expect((at99999, at100000) == ("base", "over"))
    }
}

/// Limits on distinct values kept as 16-bit indices.
@Suite struct VocabularyLimitsTests {
    @Test func moreThan65536DistinctRegionKindsIsADataError() throws {
        var regions = "id,name,level,parent,kind\n"
        for i in 0...LoadLimits.regionKinds { regions += "D\(i),区\(i),district,,k\(i)\n" }
        let ds = try TemporaryDataset(replacing: ["regions.csv": regions, "organizations.csv": "id,name,type,region,parent\n"])
        let e = try #require(onlyError(ds))
        #expect(e.line == LoadLimits.regionKinds + 2)
        #expect(e.column == 5)
        #expect(e.message == "more than 65536 distinct kinds; a frame may use at most 65536")
    }

    /// `sectors:` naming `count` sectors in all, with the built-in ones.
    private func sectors(_ count: Int) -> String {
        let builtIn = Set(Rules.defaults.sectors.values).count
        return "sectors:\n" + (0..<(count - builtIn)).map { "  c\($0): s\($0)\n" }.joined()
    }

    @Test func rulesNamingMoreThan1000SectorsAreADataError() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": sectors(LoadLimits.sectors + 1)])
        let e = try #require(onlyError(ds))
        #expect(e.file == ds.file("rules.yaml"))
        #expect(e.line == 1)
        #expect(e.message == "sectors: names 1001 different sectors (with the built-in ones); the rules may name at most 1000")
    }

    @Test func rulesNaming1000SectorsLoad() throws {
        let ds = try TemporaryDataset(replacing: ["rules.yaml": sectors(LoadLimits.sectors)])
        #expect(LoadOutcome(ds.path).failure == nil)
    }
}

@Suite struct LongCellTests {
    @Test func rowsOfMegabyteLongUnknownValuesAreReportedQuickly() throws {
        // Each unknown type is compared with the allowed types for a suggestion; that must not
        // cost a table of a million by ten characters per row.
        let type = String(repeating: "x", count: 1_000_000)
        let rows = (0..<20).map { "A\($0),名\($0),\(type),D1,,,,,\n" }.joined()
        let ds = try TemporaryDataset(replacing: ["organizations.csv": "id,name,type,region,parent,institution,discipline,founded,dissolved\n" + rows])
        let start = ContinuousClock.now
        let outcome = LoadOutcome(ds.path)
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(outcome.log.errorCount == 20)
        #expect(outcome.diagnostics(.error).allSatisfy { $0.message.hasPrefix("unknown organization type \"xxx") && $0.column == 3 })
    }

    @Test func suggestionsAreTheSameForShortAndPrefixWords() {
        #expect(_Suggestion.nearest(to: "assocation", in: OrganizationType.names) == "association")
        #expect(_Suggestion.nearest(to: "chairman", in: ["chair", "staff"]) == "chair")
        #expect(_Suggestion.nearest(to: "universityassociationx", in: ["university_association", "park"]) == "university_association")
        #expect(_Suggestion.nearest(to: String(repeating: "x", count: 1_000_000), in: OrganizationType.names) == nil)
        #expect(_Suggestion.nearest(to: "association_of_the_city", in: ["association", "society"]) == "association")
    }
}
