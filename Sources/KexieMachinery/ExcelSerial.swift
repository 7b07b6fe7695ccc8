/// The proleptic Gregorian calendar as day counts since 1970-01-01 (Howard Hinnant's
/// `days_from_civil` / `civil_from_days`). Here, below the model, so that the workbook reader
/// (which does not depend on KexieModel) and `Day` share one implementation.
package enum _CivilCalendar {
    @inlinable package static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    @inlinable package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to `year-month-day` (any year; negative before 1970).
    @inlinable package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Year, month and day of the day `days` after 1970-01-01.
    @inlinable package static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Excel's serial day numbers: how a spreadsheet stores a date (a number of days, its fraction
/// the time of day). Used for workbook date cells and for the error about a bare 5-digit number
/// in a CSV date cell (dataset.md, "Tables as people keep them": dates).
///
/// - The **1900 system** (Windows Excel, LibreOffice's default for .xlsx): serial 1 is
///   1900-01-01, and serial 60 is 29 February 1900, a day that never was (Lotus 1-2-3 took 1900
///   for a leap year and Excel kept it), so from serial 61 (1900-03-01) on, serial `n` is
///   `n` days after 1899-12-30.
/// - The **1904 system** (old Mac Excel; a workbook says `date1904="1"`): serial 0 is 1904-01-01.
package enum _ExcelSerial {
    package enum System: Sendable {
        case from1900, from1904
    }

    /// The day serial `serial` stands for (its whole days; a fraction is the time of day and
    /// is dropped), as year, month and day; `nil` for serials that name no real day kexie reads:
    /// negative, 0 in the 1900 system (Excel shows "1900-01-00"), 60 in the 1900 system (the
    /// fictitious 29 February 1900), or past 9999-12-31.
    ///
    /// - Complexity: O(1).
    package static func date(_ serial: Double, system: System) -> (year: Int, month: Int, day: Int)? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let whole = Int(serial.rounded(.down))
        let days: Int  // since 1970-01-01
        switch system {
        case .from1900:
            guard whole >= 1, whole != 60 else { return nil }
            // Before the fictitious day, serial 1 is 1899-12-31 + 1; from it on, 1899-12-30 + n.
            days = _CivilCalendar.days(year: 1899, month: 12, day: whole < 60 ? 31 : 30) + whole
        case .from1904:
            days = _CivilCalendar.days(year: 1904, month: 1, day: 1) + whole
        }
        let date = _CivilCalendar.civil(days)
        return date.year <= 9999 ? date : nil
    }
}
