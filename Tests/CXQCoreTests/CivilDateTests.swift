import Testing
@testable import CXQCore

@Suite struct CivilDateTests {
    @Test func epochAndKnownDays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 2025, month: 8, day: 23)?.description == "2025-08-23")
        #expect(CivilDate(year: 2025, month: 8, day: 23)?.weekday == 6) // a Saturday
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    }

    @Test(arguments: ["2025-02-29", "2025-02-30", "2025-04-31", "2025-13-01", "2025-00-10", "1900-02-29"])
    func impossibleDates(_ text: String) {
        #expect(CivilDate.parse(text) == .failure(.impossible))
    }

    @Test(arguments: ["2025-8-23", "20250823", "2025/08/23", "abcd-ef-gh", ""])
    func malformedDates(_ text: String) {
        #expect(CivilDate.parse(text) == .failure(.malformed))
    }

    @Test func roundTripOverManyYears() {
        var d = CivilDate(year: 1999, month: 12, day: 25)!
        for _ in 0..<20_000 {
            let (y, m, day) = d.parts
            #expect(CivilDate(year: y, month: m, day: day) == d)
            #expect(CivilDate.parse(d.description) == .success(d))
            d = d.adding(days: 1)
        }
    }

    @Test func hourSetLabelsSpellOutTheHours() {
        #expect(HourSet(range: 9, 17).label == "09:00-17:59")
        #expect(HourSet(range: 9, 17).count == 9)
        #expect(HourSet([8, 12, 13, 14, 20]).label == "08:00-08:59,12:00-14:59,20:00-20:59")
        #expect(HourSet.all.label == "all hours")
        #expect(HourSet([8, 12, 13, 14, 20]).source == "8,12..14,20")
    }
}
