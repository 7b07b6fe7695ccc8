import KexieMachinery

extension _ByteWriter {
    /// Appends a day as `YYYY-MM-DD` (`Day.description` without making a `String`); the
    /// sentinels of empty dates write nothing.
    package mutating func append(day: Day) {
        guard day.isSet else { return }
        let (y, m, d) = day.components
        append(year: y, month: m, day: d)
    }
}
