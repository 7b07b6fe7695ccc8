#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KexieMachinery

extension Day {
    /// A date in one of the other forms people write (dataset.md, "Tables as people keep them":
    /// dates), with its canonical text: `YYYY/M/D`, `YYYY.M.D` and `YYYY-M-D` (→ `YYYY-MM-DD`),
    /// `YYYY年M月D日` (→ `YYYY-MM-DD`), `YYYY年M月` (→ `YYYY-MM`), `YYYY年` (→ `YYYY`), and any
    /// full date (these or `YYYY-MM-DD`) followed by a time of day, which is ignored
    /// (`2018-01-01 00:00:00`, `2019/3/5 8:30`, `2018-01-01T00:00:00`). Months and days have one
    /// or two digits, years four. `nil` for anything else, and for days that do not exist.
    ///
    /// The canonical forms themselves (`Day(parsingUTF8:)`) are not matched here: callers try
    /// them first (they are the fast path).
    ///
    /// Where the contract is silent, kexie chooses: a time is `H:MM`, `H:MM:SS` or
    /// `H:MM:SS.fff` (hour 0–23 or 24:00:00, minutes and seconds 0–59), after spaces or one `T`;
    /// `YYYY/M` and `YYYY.M` (no day) are not dates.
    ///
    /// - Complexity: O(n).
    public static func parsingOtherForm(_ text: String) -> (day: Day, canonical: String)? {
        var p = _DateFormParser(Array(text.unicodeScalars))
        guard let (y, m, d) = p.date(), p.atEnd || (d != nil && p.time()) else { return nil }
        guard let day = Day(year: y, month: m ?? 1, day: d ?? 1) else { return nil }
        let full = day.description
        let canonical = d != nil ? full : m != nil ? String(full.prefix(7)) : String(full.prefix(4))
        return (day, canonical)
    }
}

/// The scanner behind `Day.parsingOtherForm`.
private struct _DateFormParser {
    let s: [Unicode.Scalar]
    var i = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool { i == s.count }

    /// `minimum`...`maximum` ASCII digits as a number, or `nil` (nothing consumed then).
    mutating func digits(_ minimum: Int, _ maximum: Int) -> Int? {
        var value = 0, n = 0
        while i + n < s.count, n < maximum, let v = digit(s[i + n]) {
            value = value * 10 + v
            n += 1
        }
        guard n >= minimum else { return nil }
        i += n
        return value
    }

    private func digit(_ c: Unicode.Scalar) -> Int? { c >= "0" && c <= "9" ? Int(c.value - 0x30) : nil }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard i < s.count, s[i] == c else { return false }
        i += 1
        return true
    }

    /// Year, month (`nil` for a year alone) and day (`nil` for a month alone).
    mutating func date() -> (Int, Int?, Int?)? {
        guard let y = digits(4, 4) else { return nil }
        if take("年") {
            if atEnd { return (y, nil, nil) }
            guard let m = digits(1, 2), take("月") else { return nil }
            if atEnd { return (y, m, nil) }
            guard let d = digits(1, 2), take("日") else { return nil }
            return (y, m, d)
        }
        guard i < s.count, s[i] == "-" || s[i] == "/" || s[i] == "." else { return nil }
        let separator = s[i]
        i += 1
        guard let m = digits(1, 2) else { return nil }
        guard take(separator), let d = digits(1, 2) else { return nil }
        return (y, m, d)
    }

    /// A time of day after spaces or one `T`, to the end.
    mutating func time() -> Bool {
        if !take("T") {
            guard take(" ") else { return false }
            while take(" ") {}
        }
        guard let h = digits(1, 2), take(":"), let m = digits(2, 2) else { return false }
        var sec = 0
        if take(":") {
            guard let v = digits(2, 2) else { return false }
            sec = v
            if take(".") { guard digits(1, 9) != nil else { return false } }
        }
        guard atEnd, m <= 59, sec <= 59 else { return false }
        return h <= 23 || (h == 24 && m == 0 && sec == 0)
    }
}

extension Day {
    /// Today in the local time zone (the default analysis date).
    public static func today() -> Day {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)) ?? .latest
    }
}

extension Day {
    /// The day Excel's serial `serial` stands for in `system` (`_ExcelSerial.date`), or `nil`
    /// for a serial that names no day kexie reads.
    package init?(excelSerial serial: Double, system: _ExcelSerial.System) {
        guard let (y, m, d) = _ExcelSerial.date(serial, system: system) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
