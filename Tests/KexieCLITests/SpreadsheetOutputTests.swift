import Foundation
import Testing
import KexieTestSupport

/// CSV files for people (with a byte-order mark) and workbooks (`--format xlsx`), the
/// workbooks read back by openpyxl and compared cell by cell with the CSV files of the same run.
@Suite struct SpreadsheetOutputTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kexie-sheets-\(UUID().uuidString)").path
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The three commands of issue 13, each with the arguments before its format.
    static let commands: [[String]] = [
        ["analyze", "datasets/sample"],
        ["diff", "datasets/sample", "--from", "2018-12-31", "--to", "2020-12-31"],
        ["trend", "datasets/sample", "--step", "quarter"],
    ]

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test(arguments: commands)
    func csvForPeopleStartsWithAByteOrderMarkUnlessToldNot(_ command: [String]) throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let with = try runKexie(command + ["--format", "csv", "--out", "\(out)/bom"])
        let without = try runKexie(command + ["--format", "csv", "--out", "\(out)/plain", "--no-bom"])
        #expect(with.status == 0 && without.status == 0, "\(with.stderr)\(without.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(out)/bom").sorted()
        #expect(files.count >= 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(out)/plain").sorted() == files)
        for file in files {
            let marked = try Self.bytes("\(out)/bom/\(file)"), plain = try Self.bytes("\(out)/plain/\(file)")
            #expect(Array(marked.prefix(3)) == Self.bom, "\(file)")
            #expect(Array(marked.dropFirst(3)) == plain, "\(file): the same bytes after the mark")
            #expect(plain.first == UInt8(ascii: "d"), "\(file) starts with its header")
        }
    }

    @Test func theNeo4jExportKeepsNoByteOrderMark() throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(["export", "datasets/sample", "--to", "csv", "-o", out, "--quiet"]).status == 0)
        #expect(try Self.bytes("\(out)/nodes.csv").prefix(3) == Array(":ID".utf8)[...])
        #expect(try Self.bytes("\(out)/edges.csv").prefix(1) != Self.bom.prefix(1))
    }

    @Test func noBOMIsForCSVOnly() throws {
        for command in Self.commands {
            let r = try runKexie(command + ["--format", "json", "--no-bom"])
            #expect(r.status == 64)
            #expect(r.stderr.contains("--no-bom applies to --format csv"), "\(r.stderr)")
        }
    }

    @Test(.enabled(if: WorkbookDump.isAvailable), arguments: commands)
    func workbooksHoldTheCSVFilesCellByCell(_ command: [String]) throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try runKexie(command + ["--format", "csv", "--out", "\(out)/csv", "--no-bom"]).status == 0)
        let r = try runKexie(command + ["--format", "xlsx", "-o", "\(out)/findings.xlsx"])
        #expect(r.status == 0, "\(r.stderr)")
        let dump = try WorkbookDump.read("\(out)/findings.xlsx")
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(out)/csv").filter { $0.hasSuffix(".csv") }
        #expect(Set(dump.sheets.map { $0.name + ".csv" }) == Set(files))
        for sheet in dump.sheets {
            let csv = try CSVRecords.parse(String(contentsOfFile: "\(out)/csv/\(sheet.name).csv", encoding: .utf8))
            #expect(sheet.rows.count == csv.count, "\(sheet.name)")
            for (row, record) in zip(sheet.rows, csv) {
                let padded = row + Array(repeating: nil, count: max(0, record.count - row.count))
                #expect(padded.count == record.count && zip(padded, record).allSatisfy(Self.matches), "\(sheet.name): \(padded) ≠ \(record)")
            }
            #expect(sheet.freeze == "A2", "\(sheet.name): header frozen")
            #expect(sheet.bold == Array(repeating: true, count: csv[0].count), "\(sheet.name): header bold")
            #expect(sheet.widths.count == csv[0].count, "\(sheet.name): a width per column")
        }
    }

    /// Whether a cell holds what the CSV field says: the same text (the CSV writer puts `'`
    /// before text a spreadsheet would run as a formula; a workbook's strings need none), the
    /// same number (`3` and `3.0` alike), date, flag, or nothing for an empty field.
    static func matches(_ cell: WorkbookDump.Cell?, _ field: String) -> Bool {
        switch cell {
        case nil: field.isEmpty
        case .text(let s): field == s || field == "'" + s
        case .number(let d), .percent(let d): Double(field) == d
        case .date(let s): field == s
        case .bool(let b): field == (b ? "true" : "false")
        }
    }

    @Test(.enabled(if: WorkbookDump.isAvailable))
    func typesAreThoseOfTheValues() throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The format follows from the extension.
        #expect(try runKexie(["analyze", "datasets/sample", "-o", "\(out).xlsx"]).status == 0)
        defer { try? FileManager.default.removeItem(atPath: "\(out).xlsx") }
        let dump = try WorkbookDump.read("\(out).xlsx")
        #expect(dump.sheets.map(\.name) == ["coverage_levels", "coverage_districts", "blank_spots", "key_person_gaps", "rural_tech_gaps",
                                            "society_gaps", "institution_gaps", "targets", "orphans", "linkage_organizations", "pairs",
                                            "weak_attachments", "single_points", "overloaded", "expiring", "islands"])
        #expect(dump["targets"]?.rows[1] == [.text("sample"), .text("2019年底街镇科协全覆盖"), .text("D"), .text("青林区"), .date("2019-12-31"),
                                              .date("2019-12-31"), .number(3), .number(4), .percent(0.75), .text("missed")])
        #expect(dump["blank_spots"]?.rows[1] == [.text("sample"), .text("T4"), .text("南湖镇"), .text("township"), .text("town"), .text("D"),
                                                  .text("青林区"), .bool(true)])
        #expect(dump["expiring"]?.rows[1].last == .date("2021-02-15"))
        // Widths fit Chinese text: a name of 9 ideographs is 18 wide, plus 2.
        #expect(dump["expiring"]?.widths["E"] == 20)
    }

    @Test func aWorkbookNeedsAFileOrARedirection() throws {
        // Standard output that is not a terminal takes the workbook's bytes.
        let r = try runKexie(["trend", "datasets/sample", "--format", "xlsx"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("PK\u{3}\u{4}"))
    }
}

/// RFC 4180 records, for reading back the CSV files kexie writes.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); records.append(record); record = []; field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
