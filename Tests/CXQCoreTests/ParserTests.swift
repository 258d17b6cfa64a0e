import Testing
@testable import CXQCore

@Suite struct ParserTests {
    static let d0823 = CivilDate(year: 2025, month: 8, day: 23)!
    static let d0801 = CivilDate(year: 2025, month: 8, day: 1)!

    static func set(_ item: DayItem, _ lo: Int, _ hi: Int) -> DaySet { DaySet(item, SourceRange(lo, hi)) }
    static func agg(_ a: Aggregate, _ m: Metric, perDay: Bool = false) -> Column {
        Column(expr: .aggregate(.of(a, m, perDay: perDay)), name: AggregateCall.of(a, m, perDay: perDay).name)
    }
    static func q(_ a: Aggregate, _ m: Metric, hours: HourSet? = nil, of: DaySet? = nil, by: [GroupKey] = []) -> Command {
        .query(Query(columns: [agg(a, m)], hours: hours, of: of, by: by))
    }
    static func sel(_ from: DateSpec, _ to: DateSpec?, _ lo: Int, _ hi: Int) -> DateSelection {
        DateSelection(from: from, to: to, range: SourceRange(lo, hi))
    }

    static let valid: [(String, Command)] = [
        ("load camp123 2025-08-23", .load(campaigns: ["camp123"], dates: sel(.absolute(d0823), nil, 13, 23), name: nil, refresh: false)),
        ("LOAD camp123 today AS t REFRESH", .load(campaigns: ["camp123"], dates: sel(.today, nil, 13, 18), name: "t", refresh: true)),
        ("load c-1_x -3..yesterday", .load(campaigns: ["c-1_x"], dates: sel(.daysAgo(3), .yesterday, 11, 24), name: nil, refresh: false)),
        ("load c1", .load(campaigns: ["c1"], dates: nil, name: nil, refresh: false)),
        ("load c1,c2 2025-08-01..2025-08-23 as aug", .load(campaigns: ["c1", "c2"], dates: sel(.absolute(d0801), .absolute(d0823), 11, 33), name: "aug", refresh: false)),
        ("days", .days),
        ("use #3", .use(set(.number(3), 4, 6))),
        ("use $best", .use(set(.name("best"), 4, 9))),
        ("use .", .use(set(.current, 4, 5))),
        ("sum credits hours 9..17", q(.sum, .credits, hours: HourSet(range: 9, 17))),
        ("Sum Credits Hours 8,12..14,20", q(.sum, .credits, hours: HourSet([8, 12, 13, 14, 20]))),
        ("avg cpr of all by campaign", q(.avg, .cpr, of: set(.all, 11, 14), by: [.campaign])),
        ("median results_prev by hour of c1", q(.median, .resultsPrev, of: set(.campaign("c1", dates: nil), 31, 33), by: [.hour])),
        ("max credits of c1@2025-08-01..2025-08-23", q(.max, .credits, of: set(.campaign("c1", dates: sel(.absolute(d0801), .absolute(d0823), 18, 40)), 15, 40))),
        ("show", .show(days: nil, hours: nil, metrics: [])),
        ("show c1@2025-08-23 hours 9 credits cpr", .show(days: set(.campaign("c1", dates: sel(.absolute(d0823), nil, 8, 18)), 5, 18), hours: HourSet([9]), metrics: [.credits, .cpr])),
        ("show credits results", .show(days: nil, hours: nil, metrics: [.credits, .results])),
        ("peak credits", .peak(.credits, of: nil, hours: nil)),
        ("top 5 hours by results of all", .top(5, .results, of: set(.all, 26, 29), hours: nil)),
        ("compare", .compare(CompareSpec(a: nil, base: .prev, metrics: [], hours: nil, byDay: false))),
        ("compare #1 #2 credits hours 9..10", .compare(CompareSpec(a: set(.number(1), 8, 10), base: .days(set(.number(2), 11, 13)), metrics: [.credits], hours: HourSet(range: 9, 10), byDay: false))),
        ("compare #2", .compare(CompareSpec(a: set(.number(2), 8, 10), base: .prev, metrics: [], hours: nil, byDay: false))),
        ("compare . #2", .compare(CompareSpec(a: set(.current, 8, 9), base: .days(set(.number(2), 10, 12)), metrics: [], hours: nil, byDay: false))),
        ("compare offset 1w", .compare(CompareSpec(a: nil, base: .offset(days: 7), metrics: [], hours: nil, byDay: false))),
        ("compare $wk baseline 4w results by day", .compare(CompareSpec(a: set(.name("wk"), 8, 11), base: .baseline(weeks: 4), metrics: [.results], hours: nil, byDay: true))),
        ("compare c1 prev cpr", .compare(CompareSpec(a: set(.campaign("c1", dates: nil), 8, 10), base: .prev, metrics: [.cpr], hours: nil, byDay: false))),
        ("chart credits of c1", .chart(.credits, of: set(.campaign("c1", dates: nil), 17, 19), hours: nil)),
        ("export csv", .export(.csv, nil, to: nil)),
        ("export jsonl c1 to out/days.jsonl", .export(.jsonl, set(.campaign("c1", dates: nil), 13, 15), to: "out/days.jsonl")),
        ("export json to \"my file.json\"", .export(.json, nil, to: "my file.json")),
        ("export csv to out/ partitioned", .export(.csv, nil, to: "out/", partitioned: true)),
        ("export jsonl to \"my dir\" PARTITIONED", .export(.jsonl, nil, to: "my dir", partitioned: true)),
        ("save /tmp/w.jsonl", .save("/tmp/w.jsonl")),
        ("open 'a b.jsonl'", .open("a b.jsonl")),
        ("drop all", .drop(set(.all, 5, 8))),
        // v2 day sets: lists, trailing dates.
        ("sum credits of c1,c2 2025-08-01..2025-08-23", q(.sum, .credits, of: DaySet(items: [.init(.campaign("c1", dates: nil), SourceRange(15, 17)), .init(.campaign("c2", dates: nil), SourceRange(18, 20))], dates: sel(.absolute(d0801), .absolute(d0823), 21, 43), range: SourceRange(15, 43)))),
        ("sum credits of #1,$w,.", q(.sum, .credits, of: DaySet(items: [.init(.number(1), SourceRange(15, 17)), .init(.name("w"), SourceRange(18, 20)), .init(.current, SourceRange(21, 22))], range: SourceRange(15, 22)))),
        // v2 queries.
        ("avg credits per day", .query(Query(columns: [agg(.avg, .credits, perDay: true)]))),
        ("count", .query(Query(columns: [Column(expr: .aggregate(.count), name: "count")]))),
        ("count days by week", .query(Query(columns: [Column(expr: .aggregate(.countDays), name: "count(days)")], by: [.week]))),
        ("sum(results)/sum(credits) * 100 as rate", .query(Query(columns: [Column(expr: .binary(.multiply, .binary(.divide, .aggregate(.of(.sum, .results, perDay: false)), .aggregate(.of(.sum, .credits, perDay: false))), .number(.int(100))), name: "rate")]))),
        ("sum credits  -  sum results", .query(Query(columns: [Column(expr: .binary(.subtract, .aggregate(.of(.sum, .credits, perDay: false)), .aggregate(.of(.sum, .results, perDay: false))), name: "sum credits - sum results")]))),
        ("2.5 * (sum credits + 1)", .query(Query(columns: [Column(expr: .binary(.multiply, .number(.double(2.5)), .binary(.add, .aggregate(.of(.sum, .credits, perDay: false)), .number(.int(1)))), name: "2.5 * (sum credits + 1)")]))),
        ("sum credits, sum results by weekday, hour", .query(Query(columns: [agg(.sum, .credits), agg(.sum, .results)], by: [.weekday, .hour]))),
        ("sum credits by weekday, hour pivot", .query(Query(columns: [agg(.sum, .credits)], by: [.weekday, .hour], pivot: true))),
        ("count where credits > 0 and results = 0", .query(Query(columns: [Column(expr: .aggregate(.count), name: "count")], filter: .and(.metrics(.metric(.credits), .greater, .number(.int(0))), .metrics(.metric(.results), .equal, .number(.int(0)))), filterText: "credits > 0 and results = 0"))),
        ("count where weekday = sat or not hour in 9..17, 20", .query(Query(columns: [Column(expr: .aggregate(.count), name: "count")], filter: .or(.attribute(.weekday, .equal, .weekday(5)), .not(.member(.hour, [.number(9)...(.number(17)), .number(20)...(.number(20))]))), filterText: "weekday = sat or not hour in 9..17, 20"))),
        ("count where 5 < credits", .query(Query(columns: [Column(expr: .aggregate(.count), name: "count")], filter: .metrics(.number(.int(5)), .less, .metric(.credits)), filterText: "5 < credits"))),
        ("count where date >= 2025-08-01 and campaign != c1", .query(Query(columns: [Column(expr: .aggregate(.count), name: "count")], filter: .and(.attribute(.date, .greaterOrEqual, .date(.absolute(d0801))), .attribute(.campaign, .notEqual, .campaign("c1"))), filterText: "date >= 2025-08-01 and campaign != c1"))),
        ("sum results by day having sum results < 55 order by 2 desc limit 3", .query(Query(columns: [agg(.sum, .results)], by: [.day], having: .aggregates(.aggregate(.of(.sum, .results, perDay: false)), .less, .number(.int(55))), order: OrderBy(target: .position(2), descending: true, range: SourceRange(52, 53)), limit: 3))),
        ("top 5 days by results", .query(Query(columns: [agg(.sum, .results)], by: [.day], order: OrderBy(target: .position(2), descending: true, range: SourceRange(14, 21)), limit: 5))),
        ("bottom 2 weekdays by cpr where hour in 9..17", .query(Query(columns: [Column(expr: .aggregate(.of(.sum, .cpr, perDay: false)), name: "cpr")], filter: .member(.hour, [.number(9)...(.number(17))]), filterText: "hour in 9..17", by: [.weekday], order: OrderBy(target: .position(2), descending: false, range: SourceRange(21, 24)), limit: 2, dropNullRows: true))),
        ("anomalies", .anomalies(AnomalySpec())),
        ("anomalies of c1@2025-08-01 results credits_prev hours 9..17 baseline 6w sigma 2.5",
         .anomalies(AnomalySpec(of: DaySet(.campaign("c1", dates: DateSelection(from: .absolute(d0801), to: nil, range: SourceRange(16, 26))), SourceRange(13, 26)),
                                metrics: [.results, .creditsPrev], hours: HourSet(range: 9, 17), weeks: 6, sigma: 2.5))),
        ("explain credits", .explain(ExplainSpec(sides: CompareSpec(a: nil, base: .prev, metrics: [.credits], hours: nil, byDay: false), metric: .credits))),
        ("explain baseline 4w results hours 8..20", .explain(ExplainSpec(sides: CompareSpec(a: nil, base: .baseline(weeks: 4), metrics: [.results], hours: HourSet(range: 8, 20), byDay: false), metric: .results))),
        ("explain #2 offset 1w credits", .explain(ExplainSpec(sides: CompareSpec(a: DaySet(.number(2), SourceRange(8, 10)), base: .offset(days: 7), metrics: [.credits], hours: nil, byDay: false), metric: .credits))),
        ("explain #2 credits", .explain(ExplainSpec(sides: CompareSpec(a: DaySet(.number(2), SourceRange(8, 10)), base: .prev, metrics: [.credits], hours: nil, byDay: false), metric: .credits))),
        ("compare c1 c2 2025-08-01", .compare(CompareSpec(a: DaySet(items: [DaySet.Item(.campaign("c1", dates: nil), SourceRange(8, 10))], dates: DateSelection(from: .absolute(d0801), to: nil, range: SourceRange(14, 24)), range: SourceRange(8, 10)), base: .days(DaySet(items: [DaySet.Item(.campaign("c2", dates: nil), SourceRange(11, 13))], dates: DateSelection(from: .absolute(d0801), to: nil, range: SourceRange(14, 24)), range: SourceRange(11, 24))), metrics: [], hours: nil, byDay: false))),
        ("brief", .brief(nil)),
        ("brief #3", .brief(DaySet(.number(3), SourceRange(6, 8)))),
        ("chart sum credits by weekday, hour", .chartQuery(Query(columns: [agg(.sum, .credits)], by: [.weekday, .hour]))),
        ("chart credits", .chart(.credits, of: nil, hours: nil)),
        ("clear", .clear),
        ("set", .set(nil)),
        ("set format json", .set(SettingChange("format", .word("json")))),
        ("set precision 4", .set(SettingChange("precision", .number(4)))),
        ("set tz Europe/Paris", .set(SettingChange("tz", .text("Europe/Paris")))),
        ("set color off", .set(SettingChange("color", .word("off")))),
        ("set concurrency 3", .set(SettingChange("concurrency", .number(3)))),
        ("set timing on", .set(SettingChange("timing", .word("on")))),
        ("set autoload off", .set(SettingChange("autoload", .word("off")))),
        ("set null NULL", .set(SettingChange("null", .text("NULL")))),
        ("profile acme", .profile("acme")),
        ("cache clear", .cache(clear: true)),
        ("history", .history),
        ("read examples/a.cxq", .read("examples/a.cxq")),
        ("help sum", .help("sum")),
        ("quit", .quit),
        ("exit", .quit),
        ("days # a comment", .days),
    ]

    @Test(arguments: 0..<valid.count)
    func parsesValidCommands(_ i: Int) throws {
        let (input, expected) = Self.valid[i]
        let statements = try Parser.parseAll(input)
        #expect(statements.count == 1, "\(input)")
        #expect(statements.first?.command == expected, "\(input)")
    }

    @Test func semicolonsAndComments() throws {
        let s = try Parser.parseAll("days; ;clear ; help # load c1 today; days")
        #expect(s.map(\.command) == [.days, .clear, .help(nil)])
        #expect(s.map(\.text) == ["days", "clear", "help"])
    }

    /// What docs/language.md's grammar allows, the parser takes: a query may start with `-`, and
    /// `to PATH` ends any command that has a value.
    @Test func theGrammarInTheDocsIsTheParsers() throws {
        guard case .query(let q) = try Parser.parseAll("- sum credits_change")[0].command else { Issue.record("not a query"); return }
        #expect(q.columns[0].expr == .negate(.aggregate(.of(.sum, .creditsChange, perDay: false))))
        #expect(try Parser.parseAll("sum credits by day to out.csv")[0].output == "out.csv")
        #expect(throws: QueryError.self) { try Parser.parseAll("sum credits to out.csv by day") }
    }

    @Test func watchTakesACommand() throws {
        let s = try Parser.parseAll("watch 5 sum credits")
        guard case .watch(let n, let inner) = s[0].command else { Issue.record("not a watch"); return }
        #expect(n == 5)
        #expect(inner.map(\.command) == [Self.q(.sum, .credits)])
        // Several commands in quotes: one round of them, in order.
        let m = try Parser.parseAll("watch 10 \"load c1 today; sum credits\"")
        guard case .watch(10, let round) = m[0].command else { Issue.record("not a watch"); return }
        #expect(round.map(\.text) == ["load c1 today", "sum credits"])
        do { _ = try Parser.parseAll("watch 10 \"load c1 today; sum credit\""); Issue.record("no error") } catch {
            #expect(error.message.hasPrefix("unknown metric 'credit'"))
            #expect(error.range?.lower == 29, "placed in the line the quotes stand in")
        }
        #expect(throws: QueryError.self) { try Parser.parseAll("watch 10 \"watch 5 days\"") }
    }

    /// id, input, expected message, expected 1-based column.
    static let errors: [(String, String, String, Int)] = [
        ("unknown command", "lod c1", "unknown command 'lod' (did you mean 'load'?); type 'help' for the list", 1),
        ("unknown metric", "sum credit", "unknown metric 'credit' (did you mean 'credits'?); metrics are credits, results, credits_change, results_change, credits_prev, results_prev, cpr", 5),
        ("unknown keyword", "sum credits hour 9", "unexpected 'hour' (did you mean 'hours'?); expected 'hours', 'of', 'where', 'by', 'having', 'order', 'limit', 'pivot' or end of command", 13),
        ("hour out of range", "sum credits hours 24", "hour 24 is outside 0-23", 19),
        ("hour not a number", "sum credits hours nine", "'nine' is not an hour; hours are 0-23, as in 9, 9..17 or 8,12..14", 19),
        ("reversed hours", "sum credits hours 17..9", "hour range 17..9 is reversed; write 9..17", 19),
        ("impossible date", "load c1 2025-02-30", "2025-02-30 is not a real date", 9),
        ("malformed date", "load c1 2025-2-3", "'2025-2-3' is not a date; write YYYY-MM-DD, today, yesterday or -N", 9),
        ("long campaign id", "load " + String(repeating: "a", count: 65), "'\(String(repeating: "a", count: 65))' is not a campaign id; ids are 1-64 letters, digits, '_' or '-'", 6),
        ("bad character", "load c1 ~", "unexpected character '~'", 9),
        ("unterminated", "save \"abc", "a quoted string has no closing quote", 6),
        ("missing metric", "sum", "expected a metric, found the end of the line", 4),
        ("bad format", "set format yaml", "unexpected 'yaml'; expected 'table', 'csv', 'tsv', 'json' or 'markdown'", 12),
        ("bad setting", "set colour on", "unexpected 'colour' (did you mean 'color'?); expected 'format', 'precision', 'timing', 'tz', 'color', 'concurrency', 'fetch_limit', 'autoload', 'null' or 'pager'", 5),
        ("trailing word", "days now", "unexpected 'now'; expected end of command", 6),
        ("bad top", "top x hours by credits", "expected a count after 'top' (top 5 days by results), found 'x'", 5),
        // v2: the errors a user will make, each at its place.
        ("metric vs weekday", "count where credits = sat", "'sat' is a weekday, and a metric can only be compared with a number or another metric", 23),
        ("attribute vs number", "count where weekday = 5", "'5' is not a weekday (mon … sun), so it cannot be compared with weekday", 23),
        ("pivot with one key", "sum credits by day pivot", "'pivot' needs exactly two keys after 'by' and one column (this query has 1 key and 1 column)", 20),
        ("order by unknown column", "sum credits by day order by dya", "the query has no column 'dya' (did you mean 'day'?); its columns are 'day', 'sum(credits)'", 29),
        ("order by quoted unknown", "sum credits by day order by \"sum(credit)\"", "the query has no column 'sum(credit)' (did you mean 'sum(credits)'?); its columns are 'day', 'sum(credits)'", 29),
        ("order by number out of range", "sum credits by day order by 3", "the query has no column '3'; its columns are 'day', 'sum(credits)'", 29),
        ("per day on cpr", "avg cpr per day", "'per day' sums each day first, which a ratio cannot do; use 'avg cpr' or 'sum credits per day / sum results per day'", 9),
        ("by a key twice", "sum credits by day, day", "'by' names 'day' twice", 21),
        ("having without by", "sum credits having sum credits > 5", "'having' filters groups, so it needs 'by'", 13),
        ("wrapping weekdays", "count where weekday in fri..mon", "weekday range fri..mon wraps past Sunday; write it as two ranges (fri..sun, mon..mon)", 24),
        ("clause twice", "sum credits by day by hour", "unexpected 'by'; expected 'hours', 'of', 'where', 'having', 'order', 'limit', 'pivot' or end of command", 20),
        ("bad offset", "compare offset 2x", "expected a distance such as 1w or 3d after 'offset', found '2x'", 16),
        ("bad baseline", "compare baseline 1w", "expected a number of weeks from 2w to 12w after 'baseline', found '1w'", 18),
        ("unknown grain", "top 3 day by results", "unexpected 'day' (did you mean 'days'?); expected 'hours', 'days', 'weeks', 'months', 'weekdays' or 'campaigns'", 7),
        ("anomalies of cpr", "anomalies cpr", "anomalies takes credits, results, credits_prev or results_prev, not cpr", 11),
        ("explain two metrics", "explain credits results", "explain takes one metric; 'credits' is already given", 17),
        ("explain no metric", "explain prev", "expected a metric to explain (credits or results), found the end of the line", 13),
        ("explain cpr", "explain cpr", "explain takes credits or results, not cpr", 9),
        ("bad sigma", "anomalies sigma x", "'x' is not a number of standard deviations above 0 after 'sigma'", 17),
        ("chart two columns", "chart sum credits, sum results by day", "chart draws one column; this query has 2", 7),
        ("chart without by", "chart count", "chart draws a query grouped by one key (bars) or two (a heatmap); add 'by KEY'", 7),
        ("chart pivot", "chart sum credits by weekday, hour pivot", "chart draws a heatmap of two keys itself; leave out 'pivot'", 7),
        ("export format", "export xml", "unexpected 'xml'; expected 'csv', 'json' or 'jsonl'", 8),
        ("non-ascii", "sum crédits", "unknown metric 'crédits' (did you mean 'credits'?); metrics are credits, results, credits_change, results_change, credits_prev, results_prev, cpr", 5),
        ("non-ascii campaign", "load café", "'café' is not a campaign id; ids are 1-64 letters, digits, '_' or '-'", 6),
        ("compare hours twice", "compare hours 9 hours 10", "'hours' is given twice; give one hour set, as in hours 9..12,14", 17),
        ("compare by twice", "compare by day by hour", "'by' is given twice; compare goes by hour or by day", 16),
        ("compare with two Bs", "compare c1 c2 2025-08-01 offset 1w", "compare takes one B — a day set, prev, offset or baseline — and it is already given; write 'compare A offset …' to compare A with that", 26),
        ("explain hours twice", "explain credits hours 9 hours 10", "'hours' is given twice; give one hour set, as in hours 9..12,14", 25),
    ]

    @Test(arguments: 0..<errors.count)
    func errorMessages(_ i: Int) {
        let (id, input, message, column) = Self.errors[i]
        do {
            _ = try Parser.parseAll(input)
            Issue.record("\(id): no error for \(input)")
        } catch {
            #expect(error.message == message, "\(id)")
            let col = error.range.map { String(decoding: Array(input.utf8)[0..<$0.lower], as: UTF8.self).count + 1 }
            #expect(col == column, "\(id)")
        }
    }

    @Test func suggestionsAreOnlyForCloseWords() {
        #expect(suggestion(for: "credit", among: Metric.names) == "credits")
        #expect(suggestion(for: "RESULT", among: Metric.names) == "results")
        #expect(suggestion(for: "cred", among: Metric.names) == "credits")
        #expect(suggestion(for: "zzzzzz", among: Metric.names) == nil)
    }
}
