import Foundation
import KexieMachinery

/// A rectangle of cells (`B2:C5`), 1-based and inclusive.
struct _CellRange: Equatable {
    let firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

    /// Parses `A1:B2` (a single cell `A1` is a range of one).
    init?(_ ref: UnsafeBufferPointer<UInt8>) {
        let parts = ref.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false)
        guard let a = parts.first.flatMap({ _CellRange.cell(Array($0)) }) else { return nil }
        let b = parts.count == 2 ? _CellRange.cell(Array(parts[1])) : a
        guard let b else { return nil }
        (firstRow, firstColumn) = (min(a.row, b.row), min(a.column, b.column))
        (lastRow, lastColumn) = (max(a.row, b.row), max(a.column, b.column))
    }

    init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        (self.firstRow, self.firstColumn, self.lastRow, self.lastColumn) = (firstRow, firstColumn, lastRow, lastColumn)
    }

    func contains(row: Int, column: Int) -> Bool {
        row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
    }

    /// The row and column of a cell reference (`$B$7` or `B7`).
    static func cell(_ ref: [UInt8]) -> (row: Int, column: Int)? {
        let digits = ref.drop { $0 == UInt8(ascii: "$") || $0 >= UInt8(ascii: "A") }.filter { $0 != UInt8(ascii: "$") }
        guard let column = ref.withUnsafeBufferPointer(column(of:)),
              let row = Array(digits).withUnsafeBufferPointer(_parseCount), row >= 1 else { return nil }
        return (row, column)
    }

    /// The column number of a cell reference's letters (`B7` → 2, `AA1` → 27); `nil` when it
    /// has none or more than three (past XFD).
    @inline(__always)
    static func column(of ref: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0, letters = 0
        for b in ref {
            if b == UInt8(ascii: "$") { continue }
            let upper = b & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
        }
        return letters >= 1 && letters <= 3 ? column : nil
    }
}

/// The second pass over a sheet's text, for the sheets that need one: every record widened to
/// the widest row (a value right of the header's last column), and each empty cell of a merged
/// range filled with the range's value (Excel keeps that value in the range's top-left cell
/// only, and the ranges are listed after the rows). A row with no value of its own stays out:
/// a merged range alone does not make a row.
///
/// - Complexity: O(text + records × merged ranges on their row).
extension _SheetToCSV {
    func rebuild() {
        let old = out.bytes
        let recordEnds = Array(recordStarts.dropFirst()) + [old.count]
        let fields = recordStarts.indices.map { _csvFields(old, recordStarts[$0]..<recordEnds[$0] - 1) }
        var recordOfRow: [Int32: Int] = [:]
        for (i, r) in recordRows.enumerated() { recordOfRow[r] = i }
        // Each range's value: its top-left cell's text as written (already a CSV field).
        let filled: [(range: _CellRange, value: ArraySlice<UInt8>)] = merges.compactMap { m in
            guard let i = recordOfRow[Int32(m.firstRow)], m.firstColumn <= fields[i].count else { return nil }
            let value = old[fields[i][m.firstColumn - 1]]
            return value.isEmpty ? nil : (m, value)
        }
        let columns = max(widest, filled.map(\.range.lastColumn).max() ?? 0)
        out.removeAll()
        lineRows.removeAll(keepingCapacity: true)
        for (i, row) in recordRows.enumerated() {
            let r = Int(row)
            let ranges = filled.filter { $0.range.firstRow <= r && r <= $0.range.lastRow }
            let start = out.count
            for c in 1...columns {
                if c > 1 { out.append(UInt8(ascii: ",")) }
                let own = c <= fields[i].count ? old[fields[i][c - 1]] : []
                if !own.isEmpty {
                    own.withUnsafeBufferPointer { out.append($0) }
                } else if let m = ranges.first(where: { $0.range.contains(row: r, column: c) }),
                          !(m.range.firstRow == r && m.range.firstColumn == c) {
                    m.value.withUnsafeBufferPointer { out.append($0) }
                    note(.mergedCell, row: r, column: c, read: { "" }, became: { _csvUnquoted(m.value) })
                }
            }
            out.append(0x0A)
            let lines = out.withBytes { _lineEnds(UnsafeBufferPointer(rebasing: $0[start...])) }
            for _ in 0..<lines { lineRows.append(row) }
        }
        width = columns
    }
}

/// The fields of one CSV record as written by `_SheetToCSV` (well-formed: quotes only around
/// whole fields), as ranges of `text` including their quotes.
func _csvFields(_ text: [UInt8], _ record: Range<Int>) -> [Range<Int>] {
    var fields: [Range<Int>] = []
    var start = record.lowerBound, i = record.lowerBound, quoted = false
    while i < record.upperBound {
        let b = text[i]
        if b == UInt8(ascii: "\"") {
            quoted.toggle()
        } else if b == UInt8(ascii: ","), !quoted {
            fields.append(start..<i)
            start = i + 1
        }
        i += 1
    }
    fields.append(start..<record.upperBound)
    return fields
}

/// A CSV field's text: its quotes removed and doubled quotes made single.
func _csvUnquoted(_ field: ArraySlice<UInt8>) -> String {
    guard field.first == UInt8(ascii: "\""), field.count >= 2 else { return String(decoding: field, as: UTF8.self) }
    let inner = String(decoding: field.dropFirst().dropLast(), as: UTF8.self)
    return inner.replacingOccurrences(of: "\"\"", with: "\"")
}
