import Testing
@testable import CXQCore

@Suite struct ParserTests {
    static let d0823 = CivilDate(year: 2025, month: 8, day: 23)!
    static let d0801 = CivilDate(year: 2025, month: 8, day: 1)!

    static let valid: [(String, Command)] = [
        ("load camp123 2025-08-23", .load(campaign: "camp123", dates: DateSelection(from: .absolute(d0823), to: nil, range: SourceRange(13, 23)), name: nil, refresh: false)),
        ("LOAD camp123 today AS t REFRESH", .load(campaign: "camp123", dates: DateSelection(from: .today, to: nil, range: SourceRange(13, 18)), name: "t", refresh: true)),
        ("load c-1_x -3..yesterday", .load(campaign: "c-1_x", dates: DateSelection(from: .daysAgo(3), to: .yesterday, range: SourceRange(11, 24)), name: nil, refresh: false)),
        ("load c1", .load(campaign: "c1", dates: nil, name: nil, refresh: false)),
        ("days", .days),
        ("use #3", .use(DayReference(ref: .number(3), range: SourceRange(4, 6)))),
        ("use $best", .use(DayReference(ref: .name("best"), range: SourceRange(4, 9)))),
        ("use .", .use(DayReference(ref: .current, range: SourceRange(4, 5)))),
        ("sum credits hours 9..17", .aggregate(.sum, .credits, hours: HourSet(range: 9, 17), of: nil, by: nil)),
        ("Sum Credits Hours 8,12..14,20", .aggregate(.sum, .credits, hours: HourSet([8, 12, 13, 14, 20]), of: nil, by: nil)),
        ("avg cpr of all by campaign", .aggregate(.avg, .cpr, hours: nil, of: DaySet(spec: .all, range: SourceRange(11, 14)), by: .campaign)),
        ("median results_prev by hour of c1", .aggregate(.median, .resultsPrev, hours: nil, of: DaySet(spec: .campaign("c1"), range: SourceRange(31, 33)), by: .hour)),
        ("max credits of c1@2025-08-01..2025-08-23", .aggregate(.max, .credits, hours: nil, of: DaySet(spec: .range(campaign: "c1", from: .absolute(d0801), to: .absolute(d0823)), range: SourceRange(15, 40)), by: nil)),
        ("show", .show(days: nil, hours: nil, metrics: [])),
        ("show c1@2025-08-23 hours 9 credits cpr", .show(days: DaySet(spec: .ref(.key(campaign: "c1", date: .absolute(d0823))), range: SourceRange(5, 18)), hours: HourSet([9]), metrics: [.credits, .cpr])),
        ("show credits results", .show(days: nil, hours: nil, metrics: [.credits, .results])),
        ("peak credits", .peak(.credits, of: nil, hours: nil)),
        ("top 5 hours by results of all", .top(5, .results, of: DaySet(spec: .all, range: SourceRange(26, 29)), hours: nil)),
        ("compare", .compare(nil, nil, metrics: [], hours: nil)),
        ("compare #1 #2 credits hours 9..10", .compare(DayReference(ref: .number(1), range: SourceRange(8, 10)), DayReference(ref: .number(2), range: SourceRange(11, 13)), metrics: [.credits], hours: HourSet(range: 9, 10))),
        ("chart credits of c1", .chart(.credits, of: DaySet(spec: .campaign("c1"), range: SourceRange(17, 19)), hours: nil)),
        ("export csv", .export(.csv, nil, to: nil)),
        ("export jsonl c1 to out/days.jsonl", .export(.jsonl, DaySet(spec: .campaign("c1"), range: SourceRange(13, 15)), to: "out/days.jsonl")),
        ("export json to \"my file.json\"", .export(.json, nil, to: "my file.json")),
        ("save /tmp/w.jsonl", .save("/tmp/w.jsonl")),
        ("open 'a b.jsonl'", .open("a b.jsonl")),
        ("drop all", .drop(DaySet(spec: .all, range: SourceRange(5, 8)))),
        ("clear", .clear),
        ("set", .set(nil)),
        ("set format json", .set(SettingChange("format", .word("json")))),
        ("set precision 4", .set(SettingChange("precision", .number(4)))),
        ("set tz Europe/Paris", .set(SettingChange("tz", .text("Europe/Paris")))),
        ("set color off", .set(SettingChange("color", .word("off")))),
        ("set concurrency 3", .set(SettingChange("concurrency", .number(3)))),
        ("set timing on", .set(SettingChange("timing", .word("on")))),
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

    @Test func watchTakesACommand() throws {
        let s = try Parser.parseAll("watch 5 sum credits")
        guard case .watch(let n, let inner) = s[0].command else { Issue.record("not a watch"); return }
        #expect(n == 5)
        #expect(inner.command == .aggregate(.sum, .credits, hours: nil, of: nil, by: nil))
    }

    /// id, input, expected message, expected 1-based column.
    static let errors: [(String, String, String, Int)] = [
        ("unknown command", "lod c1", "unknown command 'lod' (did you mean 'load'?); type 'help' for the list", 1),
        ("unknown metric", "sum credit", "unknown metric 'credit' (did you mean 'credits'?); metrics are credits, results, credits_change, results_change, credits_prev, results_prev, cpr", 5),
        ("unknown keyword", "sum credits hour 9", "unexpected 'hour' (did you mean 'hours'?); expected 'hours', 'of', 'by' or end of command", 13),
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
        ("bad setting", "set colour on", "unexpected 'colour' (did you mean 'color'?); expected 'format', 'precision', 'timing', 'tz', 'color' or 'concurrency'", 5),
        ("trailing word", "days now", "unexpected 'now'; expected end of command", 6),
        ("bad top", "top x hours by credits", "expected a count after 'top' (top 5 hours by credits), found 'x'", 5),
        ("export format", "export xml", "unexpected 'xml'; expected 'csv', 'json' or 'jsonl'", 8),
        ("non-ascii", "sum crédits", "unknown metric 'crédits' (did you mean 'credits'?); metrics are credits, results, credits_change, results_change, credits_prev, results_prev, cpr", 5),
        ("non-ascii campaign", "load café", "'café' is not a campaign id; ids are 1-64 letters, digits, '_' or '-'", 6),
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
