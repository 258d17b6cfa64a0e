import Testing
@testable import CXQCore

/// Answers that cannot mislead: what a title, a comparison or a saved file says is what was done.
@Suite struct TrustTests {
    /// A day with the given credits per hour (results: 1 where credits > 0).
    static func day(_ campaign: String, _ d: Int, credits: [Int64]) -> Day {
        let c = credits + Array(repeating: 0, count: 24 - credits.count)
        return Day(campaign: campaign, date: CivilDate(year: 2025, month: 8, day: d)!, credits: c, creditsChange: Array(repeating: 0, count: 24),
                   results: c.map { $0 > 0 ? 1 : 0 }, resultsChange: Array(repeating: 0, count: 24), origin: .file, sourceDetail: "t", fetchedAt: nil)
    }

    func harness(_ days: [Day]) -> Harness {
        var h = Harness()
        for d in days { h.state.workspace.insert(d) }
        h.state.settings.autoload = false
        return h
    }

    @Test func aFilteredAnswerSaysItsFilter() throws {
        var h = harness([Self.day("c1", 20, credits: [5, 7, 0, 9])])
        guard case .scalar(let s) = try h.run("sum credits of c1@2025-08-20 where results = 0") else { Issue.record("no scalar"); return }
        #expect(s.filter == "results = 0" && s.metric == .credits && s.aggregate == .sum, "agg and metric stay with a where")
        guard case .scalar(let t) = try h.run("sum credits of c1@2025-08-20 hours 0..1 where credits   >  5") else { Issue.record("no scalar"); return }
        #expect(t.filter == "credits > 5" && t.value == .int(7))
        guard case .table(let u) = try h.run("sum credits by day of all where credits > 5") else { Issue.record("no table"); return }
        #expect(u.title == "c1@2025-08-20, where credits > 5")
        guard case .table(let v) = try h.run("sum credits by hour of all hours 0..3 where credits > 5") else { Issue.record("no table"); return }
        #expect(v.title == "c1@2025-08-20, 00:00-03:59, where credits > 5")
        guard case .table(let w) = try h.run("sum credits by day of all") else { Issue.record("no table"); return }
        #expect(w.title == "c1@2025-08-20, all hours", "the days, and nothing restricted the cells")
    }

    @Test func aCutThroughATieIsSaid() throws {
        var h = harness([Self.day("c1", 20, credits: [9, 8, 8, 8, 8, 1]), Self.day("c1", 21, credits: [8]), Self.day("c2", 20, credits: [8])])
        guard case .table(let t) = try h.run("top 2 hours by credits of all") else { Issue.record("no table"); return }
        #expect(t.title == "top 2 hours by credits, all hours (5 more tied at 8)")
        guard case .table(let u) = try h.run("top 6 hours by credits of all") else { Issue.record("no table"); return }
        #expect(u.title == "top 6 hours by credits, all hours (1 more tied at 8)")
        guard case .table(let v) = try h.run("top 7 hours by credits of all") else { Issue.record("no table"); return }
        #expect(v.title == "top 7 hours by credits, all hours", "nothing tied is left out")
        // Days: c1@20 = 42, c1@21 = 8, c2@20 = 8. The kernel and the general scan say the same.
        guard case .table(let d) = try h.run("top 2 days by credits of all") else { Issue.record("no table"); return }
        #expect(d.title == "c1@2025-08-20, c1@2025-08-21, c2@2025-08-20, all hours (1 more tied at 8)")
        guard case .table(let e) = try h.run("sum credits by day of all order by 2 limit 1") else { Issue.record("no table"); return }
        #expect(e.title == "c1@2025-08-20, c1@2025-08-21, c2@2025-08-20, all hours (1 more tied at 8)")
        guard case .table(let f) = try h.run("sum credits by campaign of all order by 2 desc limit 1") else { Issue.record("no table"); return }
        #expect(f.title == "c1@2025-08-20, c1@2025-08-21, c2@2025-08-20, all hours")
    }

    @Test func oneOperandMeansThatOperandAndDatesApplyToBothSides() throws {
        var h = Harness()
        try h.run("load c1,c2 2025-08-01..2025-08-03; load c1 2025-07-31; use c2@2025-08-01")
        guard case .table(let t) = try h.run("compare c1@2025-08-02 credits") else { Issue.record("no table"); return }
        #expect(t.title?.hasPrefix("A = c1@2025-08-02, B = its previous period") == true)
        guard case .table(let u) = try h.run("compare . c1@2025-08-02 credits") else { Issue.record("no table"); return }
        #expect(u.title?.hasPrefix("A = c2@2025-08-01, B = c1@2025-08-02") == true)
        guard case .table(let v) = try h.run("compare c1 c2 2025-08-01..2025-08-03 by day credits") else { Issue.record("no table"); return }
        #expect(v.title == "A = c1@2025-08-01..2025-08-03 (3 days), B = c2@2025-08-01..2025-08-03 (3 days); all hours", "not c1's 4 days")
        guard case .table(let w) = try h.run("compare c1 c2 by day credits") else { Issue.record("no table"); return }
        #expect(w.title?.hasSuffix("; A has 4 days, B 3: 1 day of A unpaired") == true)
        #expect(w.rows.count == 5, "4 pairs, one unpaired, and the total")
        #expect(w.rows[3][1] == .null && w.rows[3][3] == .null && w.rows[3][4] == .null)
        guard case .explain = try Parser.parseAll("explain c1@2025-08-02 credits")[0].command else { Issue.record("not explain"); return }
        guard case .table(let x) = try h.run("explain c1@2025-08-02 credits") else { Issue.record("no table"); return }
        #expect(x.title?.contains("A = c1@2025-08-02, B = its previous period") == true)
    }

    @Test func saveAndOpenKeepNames() throws {
        var h = Harness()
        try h.run("load c1 2025-08-01..2025-08-03 as q; load c2 2025-08-01 as r; load c1 2025-08-02 as two")
        guard case .effect(.write(_, let bytes, _)) = try h.evaluator.evaluate(try Parser.parseAll("save w.jsonl")[0], in: &h.state) else {
            Issue.record("no write"); return
        }
        let contents = DayRecord.decodeFile(bytes, sourceDetail: "w.jsonl", fetchedAt: nil)
        #expect(contents.problems.isEmpty)
        var fresh = Harness()
        _ = try fresh.evaluator.absorbFile(path: "w.jsonl", contents: contents, into: &fresh.state)
        guard case .scalar(let q) = try fresh.run("sum credits of $q"), case .scalar(let before) = try h.run("sum credits of $q") else {
            Issue.record("no scalar"); return
        }
        #expect(q.value == before.value && q.days.count == 3)
        #expect(fresh.state.workspace.names.keys.sorted() == ["q", "r", "two"])
        // A name already in use: an error naming it, and nothing opened.
        let count = h.state.workspace.count
        #expect(throws: QueryError.self) { _ = try h.evaluator.absorbFile(path: "w.jsonl", contents: contents, into: &h.state) }
        do { _ = try h.evaluator.absorbFile(path: "w.jsonl", contents: contents, into: &h.state) } catch {
            #expect(error.message == "w.jsonl names days $q, $r and $two, names this workspace already uses; nothing was opened (drop $q, $r and $two first)")
        }
        #expect(h.state.workspace.count == count)
        // A bad names field is a bad line.
        let bad = DayRecord.decodeFile(Array(#"{"campaign":"c1","date":"2025-08-01","hours":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23],"credit_deductions":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"credit_deductions_change":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"campaign_results":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"campaign_results_change":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"names":[3]}"#.utf8), sourceDetail: "b", fetchedAt: nil)
        #expect(bad.problems.first?.message.contains("field 'names'") == true)
    }

    /// A heatmap's columns come in the query engine's key order (the one order of every table):
    /// weekdays Monday first, not in byte order.
    @Test func theHeatmapHasTheTablesKeyOrder() throws {
        var h = Harness()
        try h.run("load c1 2025-08-04..2025-08-17")
        guard case .plot(let p) = try h.run("chart sum credits by hour, weekday of all hours 9..10"),
              case .table(let pivot) = try h.run("sum credits by hour, weekday of all hours 9..10 pivot") else { Issue.record("no plot"); return }
        #expect(p.columnLabels == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
        #expect(p.columnLabels == Array(pivot.columns.dropFirst()))
        #expect(p.rowLabels == pivot.rows.map { "\($0[0])".replacingOccurrences(of: "int(", with: "").replacingOccurrences(of: ")", with: "") })
    }

    /// The v1 path and the query engine say the same about an average whose sum overflows.
    @Test func anAverageWhoseSumOverflowsIsTheSameErrorEverywhere() throws {
        let big = Int64.max / 2 + 1
        var h = harness([Self.day("ov", 1, credits: [big]), Self.day("ov", 2, credits: [big])])
        var messages: [String] = []
        for q in ["avg credits of ov", "avg credits as a of ov", "avg credits of ov by campaign"] {
            do { try h.run(q); Issue.record("no error for \(q)") } catch { messages.append(error.message) }
        }
        #expect(Set(messages).count == 1, "\(messages)")
        #expect(messages.first == "the sum of credits behind the average does not fit in a 64-bit integer")
    }

    @Test func longRangesAreAllowedUpToACentury() throws {
        var h = Harness()
        try h.run("load c1 2024-01-01..2025-08-31")
        #expect(h.state.workspace.count == 609)
        #expect(throws: QueryError.self) { try h.run("load c1 1900-01-01..2025-08-31") }
    }

    @Test func aParameterIsFoundAtEveryOffset() throws {
        let p = Parameters(["x": "7"])
        for pad in 0..<20 {
            for tail in ["", " ", "$", " $ {", "aaaaaaaaa"] {
                let line = String(repeating: "a", count: pad) + "${x}" + tail
                #expect(String(decoding: try p.substitute(Array(line.utf8)), as: UTF8.self) == String(repeating: "a", count: pad) + "7" + tail)
            }
            let plain = String(repeating: "$", count: pad) + "{"
            #expect(Parameters.opening(in: Array(plain.utf8), from: 0) == (pad > 0 ? pad - 1 : nil))
        }
    }

    @Test func parametersInCommentsAreText() throws {
        let p = Parameters(["camp": "c1"])
        let sub = { (s: String) throws(QueryError) -> String in String(decoding: try p.substitute(Array(s.utf8)), as: UTF8.self) }
        #expect(try sub("load ${camp} today # cxq -D day=${day} report.cxq") == "load c1 today # cxq -D day=${day} report.cxq")
        #expect(try sub("use #${n:-2}") == "use #2", "`#${` is a day number, not a comment")
        #expect(try sub("save '#${camp}.jsonl'") == "save '#c1.jsonl'", "a # inside quotes starts no comment")
        #expect(throws: QueryError.self) { try sub("load ${day} # ${x}") }
        let (line, stand) = try p.substitute(Array("load ${camp} ${day}; sum credits hours ${h}".utf8), placeholders: [1, 2])
        #expect(String(decoding: line, as: UTF8.self) == "load c1 2000-01-01; sum credits hours 1")
        #expect(stand.map(\.name) == ["day", "h"])
    }
}
