import KexieMachinery
/// A calendar day, stored as the number of days since 1970-01-01 (proleptic Gregorian).
///
/// Dates in the dataset contract are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; the shorter forms mean
/// the first day of that month or year. Empty date cells are modelled with the two sentinels
/// `distantPast` (an empty start or `founded`) and `distantFuture` (an empty end or `dissolved`),
/// so that "active at D" is a plain `start <= D && D < end` comparison without optionals.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// An empty start date: before every real day.
    public static let distantPast = Day(rawValue: .min)
    /// An empty end date: after every real day.
    public static let distantFuture = Day(rawValue: .max)

    /// The last day kexie reads and writes (dates have four-digit years): 9999-12-31. A date
    /// computed past it (a seconded term from late 9999) is taken as this day.
    public static let latest = Day(rawValue: Int32(Day.daysFromCivil(year: 9999, month: 12, day: 31)))

    /// Whether this is a real day rather than one of the two sentinels.
    @inlinable public var isSet: Bool { rawValue != .min && rawValue != .max }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.rawValue < b.rawValue }

    /// The day for a valid year, month and day; `nil` when the combination does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.rawValue = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Year, month and day of a real day.
    public var components: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(Int(rawValue))
    }

    /// `YYYY-MM-DD`; the sentinels print as an empty string.
    public var description: String {
        guard isSet else { return "" }
        let (y, m, d) = components
        return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2)
    }

    /// The same month and day `years` later; 29 February becomes 28 February in a common year.
    /// The result may lie past year 9999 (a term that starts late in 9999 ends after it).
    /// Any `years` is accepted (rules may say `seconded_term_years: 9223372036854775807`): the
    /// result saturates at the sentinels instead of overflowing.
    public func adding(years: Int) -> Day {
        guard isSet else { return self }
        let (y, m, d) = components
        // Beyond ±6 million years the day count leaves Int32 and is clamped anyway.
        let year = max(y + min(max(years, -6_000_000), 6_000_000), 1)
        let day = min(d, Day.daysInMonth(year: year, month: m))
        return Day(rawValue: Int32(clamping: Day.daysFromCivil(year: year, month: m, day: day)))
    }

    /// The day `days` later (negative: earlier), saturating at the sentinels for any `days`.
    /// Sentinels stay as they are.
    public func adding(days: Int) -> Day {
        guard isSet else { return self }
        let raw = Int(rawValue) + min(max(days, Int(Int32.min)), Int(Int32.max))
        return Day(rawValue: Int32(clamping: raw))
    }

    // MARK: Parsing

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (surrounding spaces are not allowed here; the
    /// CSV layer trims cells). Returns `nil` for anything else, including impossible dates.
    public init?(parsing text: String) {
        var text = text
        let parsed: Day? = text.withUTF8 { Day(parsingUTF8: UnsafeBufferPointer(rebasing: $0[...])) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses UTF-8 bytes in one of the contract's date forms; see `init(parsing:)`.
    public init?(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let b = bytes[i]
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        let dash: UInt8 = 0x2D
        switch bytes.count {
        case 4:
            guard let y = digits(0, 4) else { return nil }
            self.init(year: y, month: 1, day: 1)
        case 7:
            guard bytes[4] == dash, let y = digits(0, 4), let m = digits(5, 2) else { return nil }
            self.init(year: y, month: m, day: 1)
        case 10:
            guard bytes[4] == dash, bytes[7] == dash,
                  let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
            self.init(year: y, month: m, day: d)
        default:
            return nil
        }
    }

    // MARK: Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let c = _civilFromDays(z0)
        return (c.year, c.month, c.day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
