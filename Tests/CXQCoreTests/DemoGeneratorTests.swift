import Testing
@testable import CXQCore

@Suite struct DemoGeneratorTests {
    let date = CivilDate(year: 2025, month: 8, day: 20)! // a Wednesday

    @Test func sameInputsSameDay() {
        let a = DemoGenerator.day(campaign: "camp123", date: date)
        let b = DemoGenerator.day(campaign: "camp123", date: date)
        #expect(a == b)
        #expect(DemoGenerator.day(campaign: "camp124", date: date).values != a.values)
    }

    /// A fixed value: the generator must not depend on the process (Swift's Hasher is seeded
    /// per process), so these numbers hold on every machine and every run.
    @Test func stableAcrossProcesses() throws {
        #expect(DemoGenerator.stableHash("") == 0xcbf2_9ce4_8422_2325)
        let d = DemoGenerator.day(campaign: "camp123", date: date)
        #expect(try d.total(.credits) == DemoGeneratorTests.goldenCredits)
        #expect(try d.total(.results) == DemoGeneratorTests.goldenResults)
    }
    static let goldenCredits: Int64 = 3922
    static let goldenResults: Int64 = 79

    @Test func changesAreThisDayMinusThePrevious() {
        for c in ["a", "camp123", "x-9"] {
            let d = DemoGenerator.day(campaign: c, date: date)
            let p = DemoGenerator.day(campaign: c, date: date.adding(days: -1))
            for h in 0..<24 {
                #expect(d.value(.creditsChange, h) == d.value(.credits, h) - p.value(.credits, h))
                #expect(d.value(.resultsChange, h) == d.value(.results, h) - p.value(.results, h))
            }
        }
    }

    @Test func realisticShape() throws {
        var weekday: Int64 = 0, weekend: Int64 = 0, night: Int64 = 0, credits: Int64 = 0, results: Int64 = 0
        var refunds = 0
        let start = CivilDate(year: 2025, month: 1, day: 6)! // a Monday
        for c in ["c1", "c2", "c3", "c4"] {
            for k in 0..<70 {
                let d = DemoGenerator.day(campaign: c, date: start.adding(days: k))
                let t = try d.total(.credits)
                if d.date.isWeekend { weekend += t } else { weekday += t }
                night += (0..<6).reduce(0) { $0 + d.value(.credits, $1) }
                credits += t
                results += try d.total(.results)
                if (0..<24).contains(where: { d.value(.credits, $0) < 0 }) { refunds += 1 }
            }
        }
        #expect(night == 0)                          // nobody is called at night
        #expect(weekend * 5 / 2 < weekday / 2)       // weekends are much quieter per day
        #expect(results > 0 && results * 8 < credits) // results are a small fraction of credits
        #expect(refunds > 0 && refunds < 60)          // now and then a refund
    }
}
