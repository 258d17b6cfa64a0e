import Testing
@testable import CXQCore

/// The column kernels give exactly what the general scan gives, for every shape they take and
/// around them; and they step aside when a sum could overflow.
@Suite struct ColumnScanTests {
    static let queries = [
        "sum credits by hour of all",
        "sum credits by campaign of all",
        "sum credits, sum results by weekday, hour of all",
        "count where credits > 0 and results = 0 of all",
        "count where credits >= 0 and not results != 0 or credits_change < 0 of all",
        "count where 0 < results or credits = 17 of all",
        "count where credits_change <= 0 and results_change > -2 by month of all",
        "top 10 days by results of all",
        "top 10 days by credits of all",
        "bottom 5 days by credits where results = 0 of all",
        "top 3 days by credits_change of c1 hours 9..17",
        "sum results by day of all order by \"sum(results)\" limit 7",
        "top 100 days by results of c2 where credits > 200",
        "bottom 3 weeks by credits of all",
        "sum results / sum credits * 100 by month of all",
        "avg credits, count, count days by week, hour of all hours 9..17",
        "count days, sum results by date where results > 3 of all",
        "sum credits by day of c1 hours 0..3, 20 where credits != 0",
        "sum credits, sum results of all where credits > 100",
        "count days where results = 0 of all",
        "sum results by hour of c2 where credits > 0 having sum results > 10 order by 2 desc limit 5",
        "sum credits by month, hour of all hours 8..9",
        "sum credits_change by weekday of all where credits_change < 0",
    ]

    func harness() throws -> Harness {
        var h = Harness()
        try h.run("load c1,c2,c3 2025-05-01..2025-08-23")
        return h
    }

    @Test(arguments: queries)
    func kernelsAgreeWithTheGeneralScan(_ query: String) throws {
        var h = try harness()
        let fast = try h.run(query)
        var general = h
        var e = general.evaluator
        e.useColumnKernels = false
        let statement = try Parser.parseAll(query)[0]
        guard case .value(let slow) = try e.evaluate(statement, in: &general.state) else { Issue.record("no value"); return }
        #expect(fast == slow, "\(query)")
    }

    @Test func theBitmapIndexFollowsEveryChange() throws {
        var h = try harness()
        try h.run("drop c2; load c1 2025-08-23 refresh; load c4 2025-08-01")
        let ws = h.state.workspace
        for i in 0..<ws.count {
            for s in 0..<4 {
                var zero: UInt32 = 0, positive: UInt32 = 0
                for hour in 0..<24 {
                    let v = ws.columns[s][i * 24 + hour]
                    if v == 0 { zero |= 1 << UInt32(hour) }
                    if v > 0 { positive |= 1 << UInt32(hour) }
                    #expect(v.magnitude <= ws.magnitude[s])
                }
                #expect(ws.zeroHours[s][i] == zero && ws.positiveHours[s][i] == positive)
            }
        }
    }

    @Test func aSumThatCouldOverflowIsLeftToTheCheckedScan() throws {
        var ws = Workspace()
        let big = Int64.max / 2 + 1
        let a = Day(campaign: "x", date: CivilDate(year: 2025, month: 8, day: 1)!, credits: [big] + Array(repeating: 0, count: 23),
                    creditsChange: Array(repeating: 0, count: 24), results: Array(repeating: 0, count: 24),
                    resultsChange: Array(repeating: 0, count: 24), origin: .file, sourceDetail: "", fetchedAt: nil)
        var b = a
        b.date = CivilDate(year: 2025, month: 8, day: 2)!
        ws.insert(a); ws.insert(b)
        var state = SessionState()
        state.workspace = ws
        let e = Evaluator(clock: FixedClock(CivilDate(year: 2025, month: 8, day: 23)!))
        #expect(throws: QueryError.self) { _ = try e.evaluate(try Parser.parseAll("sum credits by hour of all")[0], in: &state) }
    }
}
