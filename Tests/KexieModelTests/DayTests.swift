import Testing
@testable import KexieModel

@Suite struct DayTests {
    @Test func parsesTheThreeContractForms() {
        #expect(Day(parsing: "2020-12-31")?.description == "2020-12-31")
        #expect(Day(parsing: "2020-07")?.description == "2020-07-01")
        #expect(Day(parsing: "2018")?.description == "2018-01-01")
        #expect(Day(parsing: "1970-01-01")?.rawValue == 0)
        #expect(Day(parsing: "2000-03-01")?.rawValue == 11017)
    }

    @Test(arguments: ["2021-02-29", "2020-13-01", "2020-00-10", "2020-1-1", "2020/01/01", "20200101", "", "2020-12-31 ", "２０２０"])
    func rejectsEverythingElse(_ text: String) {
        #expect(Day(parsing: text) == nil)
    }

    @Test func leapDays() {
        #expect(Day(parsing: "2020-02-29") != nil)
        #expect(Day(parsing: "1900-02-29") == nil)
        #expect(Day(parsing: "2000-02-29") != nil)
    }

    @Test func addingAnyAmountSaturatesInsteadOfOverflowing() {
        let day = Day(parsing: "2020-06-30")!
        #expect(day.adding(days: .max) == .distantFuture)
        #expect(day.adding(days: .min).rawValue == day.rawValue + Int32.min)  // before year 1, no trap
        #expect(day.adding(years: .max) == .distantFuture)
        #expect(day.adding(years: .min).description == "0001-06-30")
        #expect(day.adding(years: 7_000).description == "9020-06-30")
    }

    @Test func addingYearsKeepsMonthAndDayAndClampsTheLeapDay() {
        #expect(Day(parsing: "2019-03-15")!.adding(years: 2).description == "2021-03-15")
        #expect(Day(parsing: "2020-02-29")!.adding(years: 2).description == "2022-02-28")
        #expect(Day(parsing: "2020-02-29")!.adding(years: 4).description == "2024-02-29")
        #expect(Day.distantFuture.adding(years: 2) == .distantFuture)
        #expect(Day(parsing: "9999-01-01")!.adding(years: 2).description == "10001-01-01")
    }

    @Test func addingDaysAndOrdering() {
        let d = Day(parsing: "2020-12-31")!
        #expect(d.adding(days: 90).description == "2021-03-31")
        #expect(d.adding(days: 1).description == "2021-01-01")
        #expect(Day.distantPast < d && d < Day.distantFuture)
        #expect(!Day.distantPast.isSet && !Day.distantFuture.isSet && d.isSet)
        #expect(Day.distantFuture.description == "")
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        var d = Day(parsing: "1900-01-01")!
        let end = Day(parsing: "2300-01-01")!
        var count = 0
        while d < end {
            let (y, m, day) = d.components
            #expect(Day(year: y, month: m, day: day) == d)
            d = d.adding(days: 1)
            count += 1
        }
        #expect(count == 146_097)  // 400 Gregorian years
    }
}
