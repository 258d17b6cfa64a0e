import Testing
@testable import CXQCore

/// Evaluates lines against a state, taking fetches from the demo generator (no I/O).
struct Harness {
    var state = SessionState()
    let evaluator = Evaluator(clock: FixedClock(CivilDate(year: 2025, month: 8, day: 23)!))

    /// Runs a line; loads are served from the generator. Returns the last value.
    @discardableResult
    mutating func run(_ line: String) throws(QueryError) -> Value {
        var last = Value.none
        for s in try Parser.parseAll(line) {
            var done = false
            while !done {
                switch try evaluator.evaluate(s, in: &state) {
                case .value(let v): last = v; done = true
                case .effect(.fetch(let plan)):
                    let results = plan.requests.map {
                        FetchResult.success(DemoGenerator.day(campaign: $0.campaign, date: $0.date ?? CivilDate(year: 2025, month: 8, day: 23)!))
                    }
                    if let v = try evaluator.absorb(plan, results: results, into: &state) { last = v; done = true }
                case .effect(let e): last = .message("effect \(e)"); done = true
                }
            }
        }
        return last
    }

    func scalar(_ v: Value) -> Number? {
        if case .scalar(let s) = v { return s.value }
        return nil
    }
}

@Suite struct EvaluatorTests {
    let day = DemoGenerator.day(campaign: "c1", date: CivilDate(year: 2025, month: 8, day: 23)!)
    let prev = DemoGenerator.day(campaign: "c1", date: CivilDate(year: 2025, month: 8, day: 22)!)

    @Test func sumOverHoursIsExact() throws {
        var h = Harness()
        try h.run("load c1 2025-08-23")
        let expected = (9...17).reduce(Int64(0)) { $0 + day.value(.credits, $1) }
        #expect(h.scalar(try h.run("sum credits hours 9..17")) == .int(expected))
        let odd = [8, 12, 13, 14, 20].reduce(Int64(0)) { $0 + day.value(.results, $1) }
        #expect(h.scalar(try h.run("sum results hours 8,12..14,20,13")) == .int(odd))
    }

    @Test func averagesMinMaxMedian() throws {
        var h = Harness()
        try h.run("load c1 2025-08-23")
        let v = (0..<24).map { day.value(.credits, $0) }
        #expect(h.scalar(try h.run("avg credits")) == .double(Double(v.reduce(0, +)) / 24))
        #expect(h.scalar(try h.run("min credits")) == .int(v.min()!))
        #expect(h.scalar(try h.run("max credits")) == .int(v.max()!))
        let s = v.sorted()
        #expect(h.scalar(try h.run("median credits")) == .double(Double(s[11] + s[12]) / 2))
    }

    @Test func previousPeriodIsValueMinusChange() throws {
        var h = Harness()
        try h.run("load c1 2025-08-23")
        // The demo's change arrays are exactly this day minus the day before.
        #expect(h.scalar(try h.run("sum credits_prev")) == .int((try! prev.total(.credits))))
        #expect(h.scalar(try h.run("sum results_prev hours 9..17")) == .int((9...17).reduce(Int64(0)) { $0 + prev.value(.results, $1) }))
    }

    @Test func cprIsRatioOfSumsAndNullWithoutResults() throws {
        var h = Harness()
        try h.run("load c1 2025-08-23")
        let c = (try! day.total(.credits)), r = (try! day.total(.results))
        #expect(h.scalar(try h.run("sum cpr")) == (r == 0 ? .null : .double(Double(c) / Double(r))))
        // Night hours have no calls, so no results: null, not a division error.
        #expect(h.scalar(try h.run("avg cpr hours 0..3")) == .null)
        #expect(h.scalar(try h.run("max cpr hours 0..3")) == .null)
    }

    @Test func severalDaysAndGroups() throws {
        var h = Harness()
        try h.run("load c1 2025-08-20..2025-08-23; load c2 2025-08-23")
        let days = (20...23).map { DemoGenerator.day(campaign: "c1", date: CivilDate(year: 2025, month: 8, day: $0)!) }
        let c2 = DemoGenerator.day(campaign: "c2", date: CivilDate(year: 2025, month: 8, day: 23)!)
        #expect(h.scalar(try h.run("sum credits of c1")) == .int(days.reduce(0) { $0 + (try! $1.total(.credits)) }))
        #expect(h.scalar(try h.run("sum credits of c1@2025-08-21..2025-08-22")) == .int((try! days[1].total(.credits)) + (try! days[2].total(.credits))))
        #expect(h.scalar(try h.run("sum credits of all")) == .int(days.reduce((try! c2.total(.credits))) { $0 + (try! $1.total(.credits)) }))
        guard case .table(let t) = try h.run("sum credits of all by campaign") else { Issue.record("no table"); return }
        #expect(t.rows.map { $0[0] } == [.text("c1"), .text("c2")])
        #expect(t.columns == ["campaign", "sum(credits)"])
        #expect(t.rows[1][1] == .int((try! c2.total(.credits))))
        guard case .table(let byDay) = try h.run("sum results of c1 by day") else { Issue.record("no table"); return }
        #expect(byDay.rows.count == 4)
        #expect(byDay.rows[3] == [.text("c1@2025-08-23"), .int((try! days[3].total(.results)))])
        guard case .table(let byHour) = try h.run("max credits of c1 hours 10 by hour") else { Issue.record("no table"); return }
        #expect(byHour.rows == [[.int(10), .int(days.map { $0.value(.credits, 10) }.max()!)]])
    }

    @Test func peakAndTop() throws {
        var h = Harness()
        try h.run("load c1 2025-08-23")
        let v = (0..<24).map { day.value(.credits, $0) }
        let best = v.max()!
        guard case .table(let peak) = try h.run("peak credits") else { Issue.record("no table"); return }
        #expect(peak.rows.map { $0[1] } == v.indices.filter { v[$0] == best }.map { .int(Int64($0)) })
        guard case .table(let top) = try h.run("top 3 hours by credits") else { Issue.record("no table"); return }
        let expected = v.enumerated().sorted { $0.element == $1.element ? $0.offset < $1.offset : $0.element > $1.element }.prefix(3)
        #expect(top.rows.map { $0[2] } == expected.map { .int(Int64($0.offset)) })
        #expect(top.rows.map { $0[3] } == expected.map { .int($0.element) })
    }

    @Test func compareWithPreviousPeriodAndOtherDay() throws {
        var h = Harness()
        try h.run("load c1 2025-08-22; load c1 2025-08-23")
        guard case .table(let t) = try h.run("compare credits hours 9..10") else { Issue.record("no table"); return }
        #expect(t.columns == ["hour", "credits_a", "credits_b", "credits_delta", "credits_pct"])
        let a = day.value(.credits, 9), b = prev.value(.credits, 9)
        #expect(t.rows[0][1] == .int(a))
        #expect(t.rows[0][2] == .int(b))
        #expect(t.rows[0][3] == .int(a - b))
        #expect(t.rows[0][4] == (b == 0 ? .null : .double(Double(a - b) / Double(abs(b)) * 100)))
        let total = [9, 10].reduce(Int64(0)) { $0 + day.value(.credits, $1) }
        #expect(t.rows.last?[0] == .text("total"))
        #expect(t.rows.last?[1] == .int(total))
        // Against the loaded previous day (`compare . X`), the numbers are the same.
        guard case .table(let u) = try h.run("compare . c1@2025-08-22 credits hours 9..10") else { Issue.record("no table"); return }
        #expect(u.rows == t.rows)
        // One operand means that operand: `compare X` is X against its previous period.
        guard case .table(let v) = try h.run("compare c1@2025-08-23 credits hours 9..10") else { Issue.record("no table"); return }
        #expect(v.rows == t.rows)
        guard case .table(let w) = try h.run("compare c1@2025-08-22 credits hours 9..10") else { Issue.record("no table"); return }
        #expect(w.title?.hasPrefix("A = c1@2025-08-22, B = its previous period") == true)
    }

    @Test func setTzLocalIsTheMachinesZone() throws {
        var h = Harness()
        try h.run("set tz UTC")
        #expect(h.state.settings.tz == "UTC")
        guard case .message(let m) = try h.run("set tz local") else { Issue.record("no message"); return }
        #expect(m == "tz is local" && h.state.settings.tz == nil)
    }

    @Test func deltaPercentAgainstZeroIsNull() {
        #expect(Aggregator.delta(.int(5), .int(0)) == [.int(5), .null])
        #expect(Aggregator.delta(.int(5), .int(10)) == [.int(-5), .double(-50)])
        #expect(Aggregator.delta(.null, .int(3)) == [.null, .null])
        #expect(Aggregator.delta(.int(6), .int(-3)) == [.int(9), .double(300)])
    }

    @Test func sumThatOverflowsIsAnError() throws {
        var state = SessionState()
        let big = [Int64](repeating: Int64.max / 2, count: 24)
        let zeros = [Int64](repeating: 0, count: 24)
        state.workspace.insert(Day(campaign: "x", date: CivilDate(year: 2025, month: 1, day: 1)!, credits: big,
                                   creditsChange: zeros, results: zeros, resultsChange: zeros, origin: .file))
        state.workspace.setCurrent(1)
        let e = Evaluator(clock: FixedClock(CivilDate(year: 2025, month: 1, day: 1)!))
        #expect(throws: QueryError.self) { try e.evaluate(try Parser.parseAll("sum credits")[0], in: &state) }
        #expect(try e.evaluate(try Parser.parseAll("max credits")[0], in: &state) == .value(.scalar(Scalar(
            metric: .credits, aggregate: .max, hours: .all, days: [DayKey("x", CivilDate(year: 2025, month: 1, day: 1)!)], value: .int(Int64.max / 2)))))
    }

    @Test func dayReferencesAndNames() throws {
        var h = Harness()
        try h.run("load c1 2025-08-22 as before; load c1 2025-08-23")
        #expect(h.scalar(try h.run("sum credits of $before")) == .int((try! prev.total(.credits))))
        #expect(h.scalar(try h.run("sum credits of #1")) == .int((try! prev.total(.credits))))
        try h.run("use #1")
        #expect(h.scalar(try h.run("sum credits")) == .int((try! prev.total(.credits))))
        #expect(h.scalar(try h.run("sum credits of c1@yesterday")) == .int((try! prev.total(.credits))))
        #expect(h.scalar(try h.run("sum credits of c1@-1")) == .int((try! prev.total(.credits))))
        try h.run("drop #1")
        #expect(h.state.workspace.count == 1)
        #expect(throws: QueryError.self) { try h.run("sum credits of $before") }
    }

    /// Every bad input: one sentence, and the workspace as it was.
    static let badInputs: [(String, String)] = [
        ("sum credits of #99", "there is no day #99 in the workspace; 'days' lists them"),
        ("sum credits of $unknown", "no day is named $unknown; name one with 'load … as unknown'"),
        ("use c1@2025-01-01", "c1@2025-01-01 is not in the workspace and autoload is off; 'load c1 2025-01-01' would bring it"),
        ("load c1 1900-01-01..2025-06-01", "date range 1900-01-01..2025-06-01 spans 45,808 days; a range may span at most 36,525 days (100 years)"),
        ("load c1 2025-08-23..2025-08-01", "date range 2025-08-23..2025-08-01 is reversed; write 2025-08-01..2025-08-23"),
        ("sum credits of c9", "campaign 'c9' has no days in the workspace, so it selects no days"),
        ("show credit", "unknown metric 'credit' (did you mean 'credits'?); metrics are credits, results, credits_change, results_change, credits_prev, results_prev, cpr"),
        ("sum credits of c1@2025-07-01..2025-07-05", "c1@2025-07-01, c1@2025-07-02, c1@2025-07-03 and 2 more are not in the workspace and autoload is off; 'load c1 2025-07-01..2025-07-05' would bring them"),
        ("use all", "'all' names 2 days; one day is needed here"),
        ("sum credits * 9223372036854775807", "the column 'sum credits * 9223372036854775807' does not fit in a 64-bit integer"),
        ("sum credits - 9223372036854775807 - 9223372036854775807", "the column 'sum credits - 9223372036854775807 - 9223372036854775807' does not fit in a 64-bit integer"),
        ("sum credits of c1 2025-07-01..2025-07-05", "c1@2025-07-01, c1@2025-07-02, c1@2025-07-03 and 2 more are not in the workspace and autoload is off; 'load c1 2025-07-01..2025-07-05' would bring them"),
        ("sum credits of all 2025-07-01..2025-07-05", "'all 2025-07-01..2025-07-05' selects no days"),
        ("set tz Mars/Olympus", "unknown time zone 'Mars/Olympus'; use a name such as UTC or Europe/Paris"),
        ("compare credits_change", "against the previous period, compare takes credits, results or cpr, not credits_change"),
        ("help nothing", "unknown command 'nothing'; type 'help' for the list"),
    ]

    @Test(arguments: 0..<badInputs.count)
    func badInputKeepsWorkspace(_ i: Int) throws {
        let (input, message) = Self.badInputs[i]
        var h = Harness()
        try h.run("load c1 2025-08-22 as x; load c1 2025-08-23")
        h.state.settings.autoload = false
        let before = h.state.workspace
        let settings = h.state.settings
        do {
            try h.run(input)
            Issue.record("no error for \(input)")
        } catch {
            #expect(error.message == message)
        }
        #expect(Array(h.state.workspace.entries) == Array(before.entries) && h.state.workspace.days == before.days)
        #expect(h.state.workspace.currentNumber == before.currentNumber)
        #expect(h.state.workspace.names == before.names)
        #expect(h.state.settings == settings)
    }

    @Test func queriesOnAnEmptyWorkspace() {
        var h = Harness()
        for q in ["sum credits", "show", "peak credits", "compare", "chart credits", "export csv", "use #1", "drop all"] {
            do {
                try h.run(q)
                Issue.record("no error for \(q)")
            } catch {
                #expect(error.kind == .emptyWorkspace, "\(q)")
            }
        }
    }

    @Test func helpListsEveryCommandAndMetric() throws {
        let text = try #require(Help.text(for: nil))
        #expect(text.contains("Metrics: " + Metric.names.joined(separator: ", ") + "."))
        for word in Vocabulary.commandWords where word != "exit" {
            #expect(Help.text(for: word) != nil, "\(word)")
            #expect(text.contains("  \(word)"), "\(word)")
        }
    }

    @Test func settingsChange() throws {
        var h = Harness()
        #expect(try h.run("set precision 4") == .message("precision is 4"))
        #expect(h.state.settings.precision == 4)
        try h.run("set format json; set concurrency 2; set color off; set timing on; set tz UTC")
        #expect(h.state.settings.format == .json)
        #expect(h.state.settings.concurrency == 2)
        #expect(h.state.settings.tz == "UTC")
    }

    @Test func partialFetchKeepsWhatArrived() throws {
        var state = SessionState()
        let e = Evaluator(clock: FixedClock(CivilDate(year: 2025, month: 8, day: 23)!))
        let plan = FetchPlan(requests: [.init(campaign: "c1", date: day.date), .init(campaign: "c1", date: prev.date)], purpose: .load(name: nil))
        let failure = FailedDay(campaign: "c1", date: prev.date, reason: "the server answered 503", category: .fetch)
        do {
            _ = try e.absorb(plan, results: [.success(day), .failure(failure, notFound: false)], into: &state)
            Issue.record("no error")
        } catch {
            #expect(state.workspace.count == 1)
            #expect(error.message == "1 day failed (1 day arrived and is kept): c1@2025-08-22: the server answered 503")
            #expect(error.category == .fetch)
            #expect(error.failedDays == [FailedDay(campaign: "c1", date: prev.date, reason: "the server answered 503", category: .fetch)])
            if case .loaded(let r)? = error.partial { #expect(r.loaded.count == 1 && r.failed == [failure]) } else { Issue.record("no report") }
        }
    }
}
