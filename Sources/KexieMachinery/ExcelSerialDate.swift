/// A spreadsheet's serial day number as a calendar date, by the workbook's date system.
///
/// - The **1900 system** (Excel's default; `workbookPr date1904` absent or false): serial 1 is
///   1900-01-01. Excel keeps Lotus 1-2-3's mistake of a 29 February 1900, serial 60, so from
///   serial 61 (1900-03-01) on, the day is 1899-12-30 plus the serial. Serial 60 is that
///   fictitious day (`isFictitiousLeapDay`); serial 0 is Excel's "1900-01-00", read here as
///   1899-12-31.
/// - The **1904 system** (old Mac workbooks, `date1904="1"`): serial 0 is 1904-01-01.
///
/// The time of day (the fraction) is not part of a serial: callers pass the whole days.
package struct _ExcelSerialDate: Sendable, Equatable {
    package let year: Int
    package let month: Int
    package let day: Int

    /// Whether this is Excel's 29 February 1900, a day that never was (serial 60 in the 1900
    /// system); its parts are then 1900, 2, 29.
    package var isFictitiousLeapDay: Bool { year == 1900 && month == 2 && day == 29 }

    /// The date of whole-day `serial` in the 1904 system when `date1904`, else the 1900 system;
    /// `nil` for a negative serial or one past 9999-12-31 (which Excel shows as `####`).
    ///
    /// - Complexity: O(1).
    package init?(serial: Int, date1904: Bool) {
        guard serial >= 0 else { return nil }
        let daysFrom1970: Int
        if date1904 {
            daysFrom1970 = serial - 24_107  // 1904-01-01 is 24,107 days before 1970-01-01
        } else if serial == 60 {
            (year, month, day) = (1900, 2, 29)
            return
        } else {
            // 1899-12-30 is 25,569 days before 1970-01-01; serials below 60 are a day later.
            daysFrom1970 = serial - 25_569 + (serial < 60 ? 1 : 0)
        }
        guard daysFrom1970 <= 2_932_896 else { return nil }  // 9999-12-31
        (year, month, day) = _civilFromDays(daysFrom1970)
    }
}

/// The proleptic Gregorian date (year, month, day) `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), for `KexieModel.Day` and workbook serial dates alike.
///
/// - Complexity: O(1).
@inlinable
package func _civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}
