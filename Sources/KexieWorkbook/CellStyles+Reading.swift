/// Which cell styles of a workbook show a date: a numeric cell in such a style holds a serial
/// day number (`43252` shown as 2018-06-01), not a number.
struct _CellStyles: Sendable {
    /// By cell style index (`<c s="3">` is `cellXfs` entry 3).
    var isDate: [Bool] = []

    /// Whether style `index` shows a date (false for a style the workbook does not define).
    @inline(__always)
    func showsDate(_ index: Int) -> Bool { index >= 0 && index < isDate.count && isDate[index] }

    /// Whether built-in number format `id` is a date: 14–22 and 45–47 in every locale, and in
    /// the Chinese, Japanese and Korean locales 27–36 and 50–58 (`yyyy"年"m"月"d"日"` and its
    /// kin), which Chinese Excel writes without defining them.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// Whether a custom number format shows a date or time: it has one of the tokens y, m, d,
    /// h, s (either case) outside quoted text, `[…]` (colours, locales, elapsed time),
    /// backslash-escaped characters and the `_x`/`*x` spacing codes. `General` and the number
    /// formats (`0.00`, `#,##0`, `0.00E+00`) have none.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, skip = false
        for c in code.unicodeScalars {
            if skip { skip = false; continue }
            if quoted { quoted = c != "\""; continue }
            if bracket { bracket = c != "]"; continue }
            switch c {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": skip = true
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": return true
            case ";": continue
            default: continue
            }
        }
        return false
    }
}

/// Reads `xl/styles.xml`: the custom number formats, then each `cellXfs` entry's format.
final class _StylesPart: _XMLHandler {
    private var customDate: [Int: Bool] = [:]
    private var inCellXfs = false
    private var formats: [Int] = []

    var cellStyles: _CellStyles {
        _CellStyles(isDate: formats.map { customDate[$0] ?? _CellStyles.isBuiltInDate($0) })
    }

    func start(_ name: _XMLName, _ attributes: _XMLAttributes) {
        if name.is("numFmt"), let id = attributes.value("numFmtId").flatMap(_parseCount) {
            customDate[id] = _CellStyles.isDateFormat(attributes.string("formatCode") ?? "")
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if inCellXfs, name.is("xf") {
            formats.append(attributes.value("numFmtId").flatMap(_parseCount) ?? 0)
        }
    }

    func end(_ name: _XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}
