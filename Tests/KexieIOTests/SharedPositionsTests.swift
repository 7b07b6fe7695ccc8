import Foundation
import Testing
@testable import KexieIO
import KexieModel
import KexieTestSupport

/// Positions read in pieces by two threads (files without quotes, from 8 MiB) must give what
/// reading them whole gives: the same table and the same diagnostics in the same order.
/// The tests lower the size threshold so that small files are cut into pieces too.
@Suite struct SharedPositionsTests {
    private func load(_ path: String, inPieces: Bool) -> (LoadedDataset?, DatasetLoadError?) {
        var loader = DatasetLoader()
        loader._piecesFrom = inPieces ? 0 : .max
        do { return (try loader.load(path), nil) } catch { return (nil, error) }
    }

    @Test func tianjinReadsTheSameInPieces() throws {
        let path = Repository.dataset("tianjin")
        let (whole, _) = load(path, inPieces: false)
        let (pieces, _) = load(path, inPieces: true)
        let a = try #require(whole), b = try #require(pieces)
        #expect(a.dataset.positions.count > 1000)
        #expect(a.dataset.positions == b.dataset.positions)
        #expect(a.dataset.positionsByPerson == b.dataset.positionsByPerson)
        #expect(a.log.diagnostics == b.log.diagnostics)
    }

    /// The progress callback hears of positions while the pieces are read, in totals that only
    /// grow and end where reading the table whole ends.
    @Test func progressCountsTheRowsOfAllPieces() throws {
        final class Told: @unchecked Sendable {
            let lock = NSLock()
            var positions: [Int] = []
        }
        func positionsTold(inPieces: Bool) throws -> [Int] {
            let told = Told()
            var loader = DatasetLoader(progress: { file, rows in
                guard file.hasSuffix("positions.csv") else { return }
                told.lock.lock()
                told.positions.append(rows)
                told.lock.unlock()
            })
            loader._piecesFrom = inPieces ? 0 : .max
            _ = try loader.load(Repository.dataset("tianjin"))
            return told.positions
        }
        let whole = try positionsTold(inPieces: false), pieces = try positionsTold(inPieces: true)
        #expect(whole.count == 1 && whole[0] > 17_000, "a table under 65,536 rows is told once, at its end")
        #expect(pieces.count == 16, "each piece tells its end")
        #expect(pieces == pieces.sorted() && pieces.last == whole.last, "\(pieces)")
    }

    @Test func defectsInManyPiecesAreReportedInOrder() throws {
        // Sixty rows with a bad role, a bad date, a never-active term or an unknown person or
        // organization scattered through 400, so that most of the 16 pieces hold some.
        var rows = ["person,organization,role,start,end,note"]
        for i in 0..<400 {
            let role = i % 23 == 0 ? "chairman" : "member"
            let start = i % 31 == 0 ? "2020-13-01" : "2020-01-01"
            let end = i % 17 == 0 ? "2019-01-01" : ""
            let person = i % 29 == 0 ? "P-nobody" : "P\(i % 3)"
            rows.append("\(person),A-T\(1 + i % 2),\(role),\(start),\(end),n\(i)")
        }
        let persons = "id,name,category\nP0,甲,official\nP1,乙,official\nP2,丙,official\n"
        let ds = try TemporaryDataset(replacing: ["positions.csv": rows.joined(separator: "\n") + "\n", "persons.csv": persons])
        let (_, wholeError) = load(ds.path, inPieces: false)
        let (_, piecesError) = load(ds.path, inPieces: true)
        let a = try #require(wholeError), b = try #require(piecesError)
        #expect(a.log.errorCount > 20)
        #expect(a.log.diagnostics == b.log.diagnostics)
        #expect(a.log.errorCount == b.log.errorCount && a.log.warningCount == b.log.warningCount)

        // Without the bad roles and dates it loads: the never-active warning is one, for all pieces.
        let fine = rows.map { $0.replacingOccurrences(of: "chairman", with: "member").replacingOccurrences(of: "2020-13-01", with: "2020-01-01") }
        let ok = try TemporaryDataset(replacing: ["positions.csv": fine.joined(separator: "\n") + "\n", "persons.csv": persons])
        let (wholeLoad, _) = load(ok.path, inPieces: false)
        let (piecesLoad, _) = load(ok.path, inPieces: true)
        let x = try #require(wholeLoad), y = try #require(piecesLoad)
        #expect(x.dataset.positions == y.dataset.positions)
        #expect(x.log.diagnostics == y.log.diagnostics)
        #expect(x.log.diagnostics.filter { $0.message.contains("never active") }.count == 1)
    }

    @Test func cutsFallAfterLineBreaks() throws {
        let text = "a,b\n" + (0..<100).map { "x\($0),y\($0)" }.joined(separator: "\n") + "\n"
        var reader = try _TableReader(file: "t.csv", bytes: Array(text.utf8))
        let schema = _TableSchema(table: "t", required: ["a", "b"], optional: [])
        let header = reader.readHeader(schema, log: _DiagnosticSink(_LogPolicy(limit: 50)))
        let rows = try #require(header)
        #expect(rows.line == 2 && rows.range.lowerBound == 4)
        let quoteFree = try #require(_QuoteFreeRows(reader))
        let spans = quoteFree.cut(rows, into: 7)
        #expect(spans.first?.range.lowerBound == rows.range.lowerBound && spans.last?.range.upperBound == rows.range.upperBound)
        var lines: [Int] = []
        for (k, span) in spans.enumerated() {
            if k > 0 { #expect(span.range.lowerBound == spans[k - 1].range.upperBound) }
            quoteFree.readRows(span, schema, log: _DiagnosticSink(_LogPolicy(limit: 50)), header: { _ in }, row: { lines.append($0.line) })
        }
        #expect(lines == Array(2...101))
    }

    /// Positions with a bad role every few rows and line ends of `style`, for comparing the
    /// diagnostics of the pieces with those of the whole read.
    private func positions(_ style: String, rows: Int = 400) -> String {
        var text = "person,organization,role,start,end"
        for i in 0..<rows {
            let end: String
            switch style {
            case "LF": end = "\n"
            case "CR": end = "\r"
            case "CRLF": end = "\r\n"
            case "CR, LF every 50th": end = i % 50 == 49 ? "\n" : "\r"
            default: end = ["\n", "\r", "\r\n"][(i * 7 + i / 3) % 3]  // a mixture of all three
            }
            text += end + "P\(i % 3),A-T\(1 + i % 2),\(i % 13 == 0 ? "chairman" : "member"),2020-01-01,"
        }
        return text + "\n"
    }

    @Test(arguments: ["LF", "CR", "CRLF", "CR, LF every 50th", "mixed"])
    func piecesNameTheLinesTheWholeReadNames(_ style: String) throws {
        let persons = "id,name,category\nP0,甲,official\nP1,乙,official\nP2,丙,official\n"
        let ds = try TemporaryDataset(replacing: ["positions.csv": positions(style), "persons.csv": persons])
        let (_, wholeError) = load(ds.path, inPieces: false)
        let (_, piecesError) = load(ds.path, inPieces: true)
        let a = try #require(wholeError), b = try #require(piecesError)
        let lines = a.log.diagnostics.filter { $0.message.contains("chairman") }.compactMap(\.line)
        #expect(lines.count == 31 && lines.first == 2 && lines.last == 2 + 390, "\(lines)")
        #expect(a.log.diagnostics == b.log.diagnostics)
    }

    @Test(arguments: ["CR", "CRLF", "mixed"])
    func everyCutFallsAtARecordBoundaryAndCountsLinesAsTheScanner(_ style: String) throws {
        // Cutting into every number of pieces from 1 to 60 puts some guesses between the CR
        // and the LF of a CRLF: the cut must move past the LF, never split it.
        let text = positions(style, rows: 120)
        var reader = try _TableReader(file: "t.csv", bytes: Array(text.utf8))
        let read = reader.readHeader(PositionTable._schema, log: _DiagnosticSink(_LogPolicy(limit: 50)))
        let header = try #require(read)
        let quoteFree = try #require(_QuoteFreeRows(reader))
        var wholeLines: [Int] = []
        quoteFree.readRows(header, PositionTable._schema, log: _DiagnosticSink(_LogPolicy(limit: 0)), header: { _ in }, row: { wholeLines.append($0.line) })
        #expect(wholeLines == Array(2...121))
        let bytes = Array(text.utf8)
        for count in 1...60 {
            let spans = quoteFree.cut(header, into: count)
            var lines: [Int] = []
            for span in spans {
                #expect(!(bytes[span.range.lowerBound] == 0x0A && bytes[span.range.lowerBound - 1] == 0x0D), "a CRLF cut in two")
                quoteFree.readRows(span, PositionTable._schema, log: _DiagnosticSink(_LogPolicy(limit: 0)), header: { _ in }, row: { lines.append($0.line) })
            }
            #expect(lines == wholeLines, "\(count) pieces")
        }
    }

    @Test func lineEndsAreCountedAsTheScannerCountsThem() {
        func count(_ s: String) -> Int { Array(s.utf8).withUnsafeBufferPointer { _countLineEnds($0) } }
        #expect(count("") == 0)
        #expect(count("a\nb\rc\r\nd") == 3)
        #expect(count("\r\r\n\n\r") == 4, "CR, CRLF, LF, CR")
        #expect(count(String(repeating: "abcdefg\r", count: 9) + "\n") == 9, "the CRLF at the end is one")
        #expect(count(String(repeating: "abcdefgh", count: 3)) == 0)
        func after(_ s: String, _ from: Int) -> Int {
            let b = Array(s.utf8)
            return b.withUnsafeBufferPointer { _afterNextLineEnd($0, from: from, end: b.count) }
        }
        #expect(after("ab\r\ncd", 0) == 4)
        #expect(after("ab\r\ncd", 3) == 4, "from between CR and LF: past the LF")
        #expect(after("ab\rcd", 0) == 3)
        #expect(after("abcdefghijkl\nm", 1) == 13)
        #expect(after("abc", 0) == 3)
    }

    @Test func textWithAQuoteIsNeverSharedReadOnly() throws {
        // Reading a quoted cell writes into the text (unescaping in place), so text with a
        // quote anywhere cannot be read by several threads at once.
        let quoted = try _TableReader(file: "t.csv", bytes: Array("a,b\n\"x,1\",y\n".utf8))
        #expect(_QuoteFreeRows(quoted) == nil)
        let plain = try _TableReader(file: "t.csv", bytes: Array("a,b\nx,y\n".utf8))
        #expect(_QuoteFreeRows(plain) != nil)
    }
}
