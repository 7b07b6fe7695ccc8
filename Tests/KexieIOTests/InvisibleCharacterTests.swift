import Foundation
import Testing
@testable import KexieIO
import KexieModel
import KexieTestSupport

/// Invisible characters in cells: trimmed at the ends of every cell like blanks (U+200B,
/// U+2060, U+FEFF, U+2028, U+2029), refused inside an id with an error naming the character.
@Suite struct InvisibleCharacterTests {
    let header = "id,name,type,region,parent,institution,discipline,founded,dissolved"

    @Test func aByteOrderMarkAtTheStartOfARowAndInvisibleBlanksAtCellEndsAreTrimmed() throws {
        // A second BOM, where two exports were joined; a zero width space after an id; a word
        // joiner and a line separator around a type; U+FEFF and U+2029 around a name.
        let text = "\u{FEFF}" + header + "\n" + "A-D1,示例区科协,association,D1,,,,1990,\n"
            + "\u{FEFF}A-T1\u{200B},\u{FEFF}东街道科协\u{2029},\u{2060}association\u{2028},T1,A-D1,,,2018,\n"
        let ds = try TemporaryDataset(replacing: ["organizations.csv": text])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == nil, "\(outcome.log.diagnostics)")
        let o = try #require(outcome.dataset).organizations
        #expect(o.ids[1] == "A-T1" && o.names[1] == "东街道科协")
        #expect(o.types[1] == .association)
    }

    @Test func aHeaderNameWithAByteOrderMarkIsFound() throws {
        let ds = try TemporaryDataset(replacing: ["links.csv": "\u{FEFF}\u{FEFF}from,to,kind\nA-T1,A-T2,pairs_with\n"])
        #expect(LoadOutcome(ds.path).failure == nil)
    }

    @Test(arguments: [
        ("\u{200B}", "U+200B ZERO WIDTH SPACE"), ("\u{FEFF}", "U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark)"),
        ("\u{2028}", "U+2028 LINE SEPARATOR"), ("\u{2029}", "U+2029 PARAGRAPH SEPARATOR"),
        ("\u{200D}", "U+200D ZERO WIDTH JOINER"), ("\u{202E}", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u{2060}", "U+2060 WORD JOINER"),
    ])
    func anInvisibleCharacterInsideAnIdIsAnErrorNamingIt(_ character: String, _ name: String) throws {
        let text = header + "\nA-D1,示例区科协,association,D1,,,,1990,\nA\(character)T1,东街道科协,association,T1,A-D1,,,2018,\n"
        let ds = try TemporaryDataset(replacing: ["organizations.csv": text])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        let errors = outcome.diagnostics(.error)
        let e = try #require(errors.first)
        #expect(errors.count == 1, "\(errors)")
        #expect(e.file == ds.file("organizations.csv") && e.line == 3 && e.column == 1)
        #expect(e.message.contains("holds \(name), which cannot be seen"), "\(e.message)")
        #expect(e.message.contains("an id may not hold invisible or line-separating characters"))
        // Printed, the id shows the character escaped (all but the joiners, which shape text).
        if character != "\u{200D}" { #expect(e.description.contains(#""A\u{"#), "\(e.description)") }
    }

    @Test func idsOfCJKAndOtherTextAreFine() throws {
        for id in ["区-甲", "é-ü", "😀", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] {
            let b = Array(id.utf8)
            #expect(b.withUnsafeBufferPointer { _InvisibleCharacter.first(in: $0) } == nil, "\(id)")
        }
        let long = Array(("ABCDEFGHIJKLMNOP\u{2063}").utf8)
        #expect(long.withUnsafeBufferPointer { _InvisibleCharacter.first(in: $0) } == "\u{2063}")
    }

    @Test func trimmingChecksEveryBlankAgainstTheFastTest() {
        // The quick test may only say "no blank" for cells that have none at either end.
        let blanks = [" ", "\t", "\r", "\n", "\u{A0}", "\u{3000}", "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{2028}", "\u{2029}"]
        for blank in blanks {
            for cell in [blank + "x", "x" + blank, blank + "科", "科" + blank] {
                let b = Array(cell.utf8)
                #expect(_Whitespace.mayHaveBlank(first: b[0], last: b[b.count - 1]), "\(cell.unicodeScalars.map(\.value))")
            }
        }
        for cell in ["x", "科", "ü", "A-T1"] {
            let b = Array(cell.utf8)
            #expect(!_Whitespace.mayHaveBlank(first: b[0], last: b[b.count - 1]), "\(cell)")
        }
    }
}
