import Foundation
import KexieMachinery

/// The parts of an .xlsx package other than the worksheets: content types, relationships, the
/// workbook (its sheets, in order, hidden ones marked) and the style sheet. A minimal package
/// that Excel opens without repair (no document properties: they are optional).
enum _WorkbookPackage {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The modification time of every part: fixed (the ZIP epoch), so that the same sheets
    /// make the same bytes.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)

    /// `[Content_Types].xml` for a workbook of `sheets` worksheets.
    static func contentTypes(sheets: Int) -> [UInt8] {
        var s = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in 0 ..< sheets {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return Array((s + "</Types>").utf8)
    }

    /// `_rels/.rels`: the package's main part is the workbook.
    static let packageRelationships: [UInt8] = Array((declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>").utf8)

    /// `xl/_rels/workbook.xml.rels`: worksheets `rId1` … `rIdN`, then the styles.
    static func workbookRelationships(sheets: Int) -> [UInt8] {
        var s = declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        for i in 0 ..< sheets {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        return Array((s + "</Relationships>").utf8)
    }

    /// `xl/workbook.xml`: the sheets by name, in order; the first is the one shown.
    static func workbook(_ parts: [_SheetPart]) -> [UInt8] {
        var w = _ByteWriter(capacity: 1024)
        w.append(declaration)
        w.append("<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">")
        w.append("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
        for (i, part) in parts.enumerated() {
            w.append("<sheet name=\"")
            w.append(part.sheet.name, escaping: _XMLEscaping.self)
            w.append("\" sheetId=\"")
            w.append(int: i + 1)
            if part.sheet.isHidden { w.append("\" state=\"hidden") }
            w.append("\" r:id=\"rId")
            w.append(int: i + 1)
            w.append("\"/>")
        }
        w.append("</sheets></workbook>")
        return w.bytes
    }

    /// `xl/styles.xml`: the cell formats of `_CellStyle`, in its order.
    static let styles: [UInt8] = Array((declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/><numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>").utf8)
}
