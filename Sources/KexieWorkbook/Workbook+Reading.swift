import CInflate
import Foundation
import ZIPFoundation

/// Why a workbook could not be read. `message` is the whole explanation, worded for the
/// person who keeps the file (what is wrong and what to do), without the file's name, which
/// the caller puts in front.
package struct WorkbookReadError: Error, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// An Excel 97–2003 binary workbook (an OLE2 compound file).
        case oldBinary
        /// A password-protected workbook (an OLE2 compound file holding `EncryptionInfo`).
        case encrypted
        /// Not a ZIP archive, or a ZIP archive without the parts of a workbook.
        case notAWorkbook
        /// A part of the workbook is missing or is not well-formed XML.
        case corrupt
        /// The file could not be read.
        case io
    }
    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static let oldBinaryMessage =
        "an Excel 97–2003 workbook (.xls), which kexie does not read; open it in Excel or LibreOffice and save it as "
        + "\"Excel Workbook (.xlsx)\""
    package static let encryptedMessage =
        "a password-protected (encrypted) workbook, which kexie cannot read; open it, remove the password "
        + "(Excel: File › Info › Protect Workbook › Encrypt with Password, cleared) and save it as .xlsx without a password"
}

/// One sheet as the workbook lists it.
package struct WorkbookSheet: Sendable, Equatable {
    package enum Visibility: String, Sendable { case visible, hidden, veryHidden }
    /// The name on the sheet's tab.
    package let name: String
    package let visibility: Visibility
    /// The worksheet's part in the package (`xl/worksheets/sheet1.xml`); `nil` for a sheet
    /// whose relationship is missing, or a chart sheet, which holds no cells.
    package let part: String?
}

/// An .xlsx workbook opened for reading: its sheets in tab order, its date system, which cell
/// styles show dates, and its shared strings. The worksheets themselves are read one at a
/// time, streamed (`readSheet`).
///
/// Immutable once opened, so one value may serve both of the loader's threads.
package struct WorkbookFile: Sendable {
    /// The file as the user named it.
    package let path: String
    /// The sheets in tab order.
    package let sheets: [WorkbookSheet]
    /// Whether dates count from 1904 (`workbookPr date1904`) rather than 1900.
    package let date1904: Bool
    let styles: _CellStyles
    let sharedStrings: _SharedStrings

    /// Opens the workbook at `path`: the package's directory, then `xl/workbook.xml`, its
    /// relationships, `xl/styles.xml` and `xl/sharedStrings.xml` (both optional).
    ///
    /// - Throws: `WorkbookReadError`: `.oldBinary` or `.encrypted` for an OLE2 compound file,
    ///   `.notAWorkbook` for anything else that is not an OOXML package, `.corrupt` for a
    ///   missing or malformed part.
    /// - Complexity: O(size of the parts read); the worksheets are not read.
    package init(path: String) throws(WorkbookReadError) {
        self.path = path
        let archive = try Self.openArchive(path)
        guard archive["[Content_Types].xml"] != nil else {
            throw WorkbookReadError(.notAWorkbook, "a ZIP archive but not an .xlsx workbook: it has no [Content_Types].xml")
        }
        let workbookPart = "xl/workbook.xml"
        let workbook = _WorkbookPart()
        try Self.parse(archive, workbookPart, required: true, with: workbook)
        let rels = _RelationshipsPart()
        try Self.parse(archive, "xl/_rels/workbook.xml.rels", required: true, with: rels)
        sheets = workbook.sheets.map { s in
            WorkbookSheet(name: s.name, visibility: s.visibility, part: s.relationship.flatMap { rels.worksheets[$0] })
        }
        date1904 = workbook.date1904
        let styles = _StylesPart()
        try Self.parse(archive, rels.stylesPart ?? "xl/styles.xml", required: false, with: styles)
        self.styles = styles.cellStyles
        let strings = _SharedStringsPart()
        let stringsPart = rels.sharedStringsPart ?? "xl/sharedStrings.xml"
        strings.reserve(min(archive[stringsPart].map { Int(clamping: $0.uncompressedSize) } ?? 0, 1 << 29))  // a claimed size is no promise
        try Self.scan(archive, stringsPart, with: strings)
        sharedStrings = strings.finished
    }

    /// The package as a ZIP archive, after telling apart the files that are not one.
    static func openArchive(_ path: String) throws(WorkbookReadError) -> Archive {
        let head: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            head = [UInt8](try handle.read(upToCount: 8) ?? Data())
        } catch {
            throw WorkbookReadError(.io, "cannot open the workbook: \(error.localizedDescription)")
        }
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            throw _isEncrypted(path) ? WorkbookReadError(.encrypted, WorkbookReadError.encryptedMessage)
                : WorkbookReadError(.oldBinary, WorkbookReadError.oldBinaryMessage)
        }
        guard head.starts(with: [0x50, 0x4B]) else {
            throw WorkbookReadError(.notAWorkbook, "not an .xlsx workbook (an .xlsx file is a ZIP archive; this file does not start like one)")
        }
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw WorkbookReadError(.notAWorkbook, "not a readable ZIP archive, so not an .xlsx workbook (damaged or cut short?)")
        }
    }

    /// Parses part `name` with `handler`; a missing part fails when `required`.
    static func parse(_ archive: Archive, _ name: String, required: Bool, with handler: _XMLHandler) throws(WorkbookReadError) {
        guard let entry = archive[name] else {
            if required { throw WorkbookReadError(.corrupt, "the workbook has no \(name) (the file is damaged or not made by a spreadsheet program)") }
            return
        }
        let parser = _XMLPushParser(handler)
        try stream(archive, entry, name) { bytes throws(_XMLError) in try parser.feed(bytes) }
        do { try parser.finish() } catch { throw Self.malformed(name, error) }
    }

    /// Reads part `name` with the worksheet scanner (`_XMLScanner`), for the large parts.
    static func scan<H: _XMLHandler>(_ archive: Archive, _ name: String, with handler: H) throws(WorkbookReadError) {
        guard let entry = archive[name] else { return }
        var scanner = _XMLScanner(handler)
        defer { scanner.deallocate() }
        let feed = { (bytes: UnsafeRawBufferPointer) throws(_XMLError) in try scanner.feed(bytes) }
        if entry.uncompressedSize >= inflatesBesideFrom {
            try streamBeside(archive.url.path, name, feed)
        } else {
            try stream(archive, entry, name, feed)
        }
        do { try scanner.finish() } catch { throw Self.malformed(name, error) }
    }

    /// Inflates `entry` in pieces, handing each to `consume`, and checks the entry's CRC-32
    /// (with zlib's: ZIPFoundation's own, in Swift, took a seventh of a large sheet's time).
    static func stream(_ archive: Archive, _ entry: Entry, _ name: String,
                       _ consume: (UnsafeRawBufferPointer) throws(_XMLError) -> Void) throws(WorkbookReadError) {
        var xmlError: _XMLError?
        var crc = crc32(0, nil, 0)
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: true) { data in
                let failed: _XMLError? = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> _XMLError? in
                    crc = crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), uInt(bytes.count))
                    do throws(_XMLError) { try consume(bytes) } catch { return error }
                    return nil
                }
                if let failed {
                    xmlError = failed
                    throw failed
                }
            }
        } catch {
            if let xmlError { throw Self.malformed(name, xmlError) }
            throw WorkbookReadError(.corrupt, "cannot decompress \(name) in the workbook (the file is damaged: \(error))")
        }
        if UInt32(crc) != entry.checksum {
            throw WorkbookReadError(.corrupt, "\(name) in the workbook fails its CRC-32 check (the file is damaged)")
        }
    }

    static func malformed(_ name: String, _ e: _XMLError) -> WorkbookReadError {
        WorkbookReadError(.corrupt, "\(name) in the workbook is not well-formed XML (\(e.line > 0 ? "line \(e.line): " : "")\(e.message))")
    }
}

/// Whether an OLE2 compound file holds an `EncryptionInfo` stream, the mark of an encrypted
/// OOXML workbook (MS-OFFCRYPTO). Looks for the stream's name (UTF-16LE) among the first
/// megabyte, where the directory of such small containers lives.
private func _isEncrypted(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let data = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
    let name: [UInt8] = "EncryptionInfo".utf8.flatMap { [$0, UInt8(0)] }
    guard data.count >= name.count else { return false }
    for i in 0...(data.count - name.count) where data[i] == name[0] && data[i..<(i + name.count)].elementsEqual(name) {
        return true
    }
    return false
}

/// `xl/workbook.xml`: the sheets and the date system.
final class _WorkbookPart: _XMLHandler {
    var sheets: [(name: String, visibility: WorkbookSheet.Visibility, relationship: String?)] = []
    var date1904 = false

    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        if name.is("sheet") {
            let visibility = attributes.string("state").flatMap(WorkbookSheet.Visibility.init(rawValue:)) ?? .visible
            sheets.append((attributes.string("name") ?? "", visibility, attributes.string("id")))
        } else if name.is("workbookPr") {
            let v = attributes.string("date1904")
            date1904 = v == "1" || v == "true"
        }
    }
    func end(_ name: _XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/_rels/workbook.xml.rels`: the worksheets' parts by relationship id, and where the
/// styles and shared strings are.
final class _RelationshipsPart: _XMLHandler {
    var worksheets: [String: String] = [:]
    var stylesPart: String?
    var sharedStringsPart: String?

    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        guard name.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target"),
              let type = attributes.string("Type") else { return }
        if attributes.string("TargetMode") == "External" { return }
        // Targets are relative to xl/ unless they start with "/".
        let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        if type.hasSuffix("/worksheet") {
            worksheets[id] = part
        } else if type.hasSuffix("/styles") {
            stylesPart = part
        } else if type.hasSuffix("/sharedStrings") {
            sharedStringsPart = part
        }
    }
    func end(_ name: _XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
