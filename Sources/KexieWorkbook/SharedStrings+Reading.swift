/// The workbook's shared strings (`xl/sharedStrings.xml`), all in one byte buffer: string `i`
/// is `bytes[offsets[i]..<offsets[i + 1]]`, its rich-text runs joined and its phonetic runs
/// (`<rPh>`, the furigana of Japanese workbooks) left out. `quoted[i]` says whether it must be
/// quoted as a CSV cell (it holds a comma, quote or line break), found once here rather than
/// for every cell that refers to it.
///
/// - Invariant: `offsets.count == quoted.count + 1`, `offsets` ascends from 0 to `bytes.count`.
struct _SharedStrings: Sendable {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    var quoted: [Bool] = []

    var count: Int { quoted.count }
}

/// Reads `xl/sharedStrings.xml`: the text of each `<si>`, `<t>` by `<t>`.
final class _SharedStringsPart: _XMLHandler {
    var strings = _SharedStrings()
    private var inText = false
    private var inPhonetic = false
    private var needsQuote = false

    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        if name.is("t") {
            inText = !inPhonetic
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("si") {
            needsQuote = false
        } else if name.is("sst"), let n = attributes.value("uniqueCount").flatMap(_parseCount) {
            strings.offsets.reserveCapacity(n + 1)
            strings.quoted.reserveCapacity(n)
        }
    }

    func end(_ name: _XMLName) {
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("si") {
            strings.offsets.append(strings.bytes.count)
            strings.quoted.append(needsQuote)
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard inText else { return }
        strings.bytes.append(contentsOf: text)
        if !needsQuote { needsQuote = _needsCSVQuote(text) }
    }
}

/// Whether `text` holds a comma, quote, CR or LF (a CSV cell that must be quoted).
@inline(__always)
func _needsCSVQuote(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in text where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return true }
    return false
}

/// A count written in decimal in an attribute; `nil` when it is not one (or absurdly large).
func _parseCount(_ v: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !v.isEmpty, v.count <= 9 else { return nil }
    var n = 0
    for b in v {
        guard b >= 0x30, b <= 0x39 else { return nil }
        n = n * 10 + Int(b - 0x30)
    }
    return n
}
