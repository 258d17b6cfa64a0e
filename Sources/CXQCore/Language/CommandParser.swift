/// The productions of commands, one function each, the grammar in a comment above it.
extension Parser {

    // command -> load | days | use | show | aggregate | peak | top | compare | chart | export
    //          | save | open | drop | clear | set | profile | cache | history | watch | read
    //          | help | quit | exit
    mutating func parseCommand(_ t: Token) throws(QueryError) -> Command {
        if t.kind == .openParen || (t.kind == .word && (ASCII.isDigit(lexer.bytes[t.range.lower]) || lexer.bytes[t.range.lower] == ASCII.minus)) {
            return try parseQuery(t) // a query that starts with a number, '-' or '('
        }
        guard t.kind == .word else {
            if t.kind == .invalid { throw QueryError(.invalidCharacter(lexer.text(t)), t.range) }
            throw QueryError(.expected("a command", found: describe(t)), t.range)
        }
        guard let spec = Vocabulary.commands.first(where: { $0.wordBytes.contains { lexer.matches(t, $0) } }) else {
            let word = lexer.text(t)
            throw QueryError(.unknownCommand(word, suggestion: suggestion(for: word.lowercased(), among: Vocabulary.commandWords)), t.range)
        }
        switch spec.name {
        case .load: return try parseLoad()
        case .days: return .days
        case .use: return .use(try parseDaySet(lexer.next()))
        case .show: return try parseShow()
        case .sum, .avg, .min, .max, .median, .count: return try parseQuery(t)
        case .peak: return try parsePeak()
        case .top: return try parseRanking(top: true)
        case .bottom: return try parseRanking(top: false)
        case .compare: return try parseCompare()
        case .chart: return try parseChart()
        case .anomalies: return try parseAnomalies()
        case .explain: return try parseExplain()
        case .brief: return .brief(atEndOfClauses ? nil : try parseDaySet(lexer.next()))
        case .export: return try parseExport()
        case .save: return .save(try parsePath("a file path after 'save'"))
        case .open: return .open(try parsePath("a file path after 'open'"))
        case .read: return .read(try parsePath("a file path after 'read'"))
        case .drop: return .drop(try parseDaySet(lexer.next()))
        case .clear: return .clear
        case .set: return try parseSet()
        case .profile:
            let n = lexer.peek()
            if n.kind == .word { _ = lexer.next(); return .profile(lexer.text(n)) }
            return .profile(nil)
        case .cache:
            let n = lexer.peek()
            if n.kind == .word {
                guard lexer.matches(n, Keyword.clear) else { throw unexpected(n, expected: [Keyword.clear.rawValue]) }
                _ = lexer.next()
                return .cache(clear: true)
            }
            return .cache(clear: false)
        case .history: return .history
        case .watch: return try parseWatch()
        case .help:
            let n = lexer.peek()
            if n.kind == .word { _ = lexer.next(); return .help(lexer.text(n).lowercased()) }
            return .help(nil)
        case .quit: return .quit
        }
    }

    // load -> 'load' CAMPAIGN { ',' CAMPAIGN } [dates] { 'as' NAME | 'refresh' }
    mutating func parseLoad() throws(QueryError) -> Command {
        var campaigns = [try parseCampaign(lexer.next())]
        while lexer.peek().kind == .comma {
            _ = lexer.next()
            let c = try parseCampaign(lexer.next())
            if !campaigns.contains(c) { campaigns.append(c) }
        }
        var dates: DateSelection?
        var name: String?
        var refresh = false
        if looksLikeDate(lexer.peek()) { dates = try parseDateSelection(lexer.next()) }
        while !atEndOfClauses {
            let t = lexer.next()
            if lexer.matches(t, Keyword.as), name == nil {
                let n = lexer.next()
                guard n.kind == .word || n.kind == .name else { throw QueryError(.expected("a name after 'as'", found: describe(n)), n.range) }
                var text = lexer.text(n)
                if n.kind == .name { text.removeFirst() }
                guard !text.isEmpty else { throw QueryError(.expected("a name after 'as'", found: describe(n)), n.range) }
                name = text
            } else if lexer.matches(t, Keyword.refresh), !refresh {
                refresh = true
            } else {
                var expected = name == nil ? ["as"] : []
                if !refresh { expected.append("refresh") }
                throw unexpected(t, expected: expected + ["end of command"])
            }
        }
        return .load(campaigns: campaigns, dates: dates, name: name, refresh: refresh)
    }

    // show -> 'show' [dayset] { 'hours' hourset | metric }
    mutating func parseShow() throws(QueryError) -> Command {
        var days: DaySet?
        var hours: HourSet?
        var metrics: [Metric] = []
        var first = true
        while !atEndOfClauses {
            let t = lexer.peek()
            if lexer.matches(t, Keyword.hours), hours == nil {
                _ = lexer.next()
                hours = try parseHourSet()
            } else if first, startsDaySet(t) {
                days = try parseDaySet(lexer.next())
            } else {
                metrics.append(try parseMetric(lexer.next()))
            }
            first = false
        }
        return .show(days: days, hours: hours, metrics: metrics)
    }

    /// The clauses after a metric, in any order, each at most once. `allowed` also orders the
    /// words an error message offers.
    // clauses -> { 'hours' hourset | 'of' dayset }
    mutating func parseClauses(_ allowed: [Keyword]) throws(QueryError) -> (hours: HourSet?, of: DaySet?) {
        var q = Query(columns: [])
        try parseQueryClauses(into: &q, allowed: allowed)
        return (q.hours, q.of)
    }

    // peak -> 'peak' metric { 'of' dayset | 'hours' hourset }
    mutating func parsePeak() throws(QueryError) -> Command {
        let metric = try parseMetric(lexer.next())
        let (of, hours) = try parseOfAndHours()
        return .peak(metric, of: of, hours: hours)
    }

    // ranking -> ('top' | 'bottom') N GRAIN 'by' metric { 'of' dayset | 'hours' hourset | 'where' cond }
    // GRAIN     -> 'hours' | 'days' | 'weeks' | 'months' | 'weekdays' | 'campaigns'
    mutating func parseRanking(top: Bool) throws(QueryError) -> Command {
        let word = top ? "top" : "bottom"
        let nt = lexer.next()
        guard nt.kind == .word, let n = Int(lexer.text(nt)), n > 0, n <= 1_000_000 else {
            throw QueryError(.expected("a count after '\(word)' (\(word) 5 days by results)", found: describe(nt)), nt.range)
        }
        let g = lexer.next()
        let grains = Vocabulary.grains.filter { top || $0.key != nil }
        guard let grain = grains.first(where: { lexer.matches(g, word: $0.word) }) else {
            throw unexpected(g, expected: grains.map(\.word))
        }
        let b = lexer.next()
        guard lexer.matches(b, Keyword.by) else { throw unexpected(b, expected: [Keyword.by.rawValue]) }
        let mt = lexer.next()
        let metric = try parseMetric(mt)
        guard let key = grain.key else {
            // v1's `top N hours`: the largest cells.
            let (of, hours) = try parseOfAndHours()
            return .top(n, metric, of: of, hours: hours)
        }
        let column = metric == .cpr ? Column(expr: .aggregate(.of(.sum, .cpr, perDay: false)), name: "cpr")
                                    : Column(expr: .aggregate(.of(.sum, metric, perDay: false)), name: "sum(\(metric.rawValue))")
        var q = Query(columns: [column], by: [key], order: OrderBy(target: .position(2), descending: top, range: mt.range),
                      limit: n, dropNullRows: metric == .cpr)
        try parseQueryClauses(into: &q, allowed: [.of, .hours, .where])
        return .query(q)
    }

    mutating func parseOfAndHours() throws(QueryError) -> (DaySet?, HourSet?) {
        let c = try parseClauses([.of, .hours])
        return (c.of, c.hours)
    }

    // compare -> 'compare' sides { metric | 'hours' hourset | 'by' ('hour' | 'day') }
    mutating func parseCompare() throws(QueryError) -> Command {
        var spec = try parseSides()
        var byDay: Bool?
        while !atEndOfClauses {
            let t = lexer.next()
            if lexer.matches(t, Keyword.hours) {
                guard spec.hours == nil else { throw QueryError(.misuse("'hours' is given twice; give one hour set, as in hours 9..12,14"), t.range) }
                spec.hours = try parseHourSet()
            } else if lexer.matches(t, Keyword.by) {
                guard byDay == nil else { throw QueryError(.misuse("'by' is given twice; compare goes by hour or by day"), t.range) }
                let k = lexer.next()
                guard lexer.matches(k, "hour") || lexer.matches(k, Keyword.day) else { throw unexpected(k, expected: ["hour", "day"]) }
                byDay = lexer.matches(k, Keyword.day)
            } else if lexer.matches(t, Keyword.prev) || lexer.matches(t, Keyword.offset) || lexer.matches(t, Keyword.baseline) {
                throw QueryError(.misuse("compare takes one B — a day set, prev, offset or baseline — and it is already given; write 'compare A \(lexer.text(t)) …' to compare A with that"), t.range)
            } else {
                spec.metrics.append(try parseMetric(t))
            }
        }
        spec.byDay = byDay ?? false
        return .compare(spec)
    }

    // sides -> [dayset] [dayset | 'prev' | 'offset' N('d'|'w') | 'baseline' N 'w']
    /// A and B of `compare` and `explain`; metrics, hours and `by` left for the caller.
    mutating func parseSides() throws(QueryError) -> CompareSpec {
        var a: DaySet?
        var base: CompareSpec.Base?
        if startsDaySet(lexer.peek()) { a = try parseDaySet(lexer.next()) }
        if let b = try parseCompareBase() {
            base = b
        } else if a != nil, startsDaySet(lexer.peek()) {
            base = .days(try parseDaySet(lexer.next()))
        }
        // `compare X` is X against its previous period (`compare . X`: the current day against X).
        // Trailing dates written after the second set apply to the first set's bare campaigns too,
        // and the other way round, as in `of camp1,camp2 D1..D2`.
        if var x = a, case .days(var y) = base {
            if y.dates != nil, x.dates == nil, x.isBareCampaigns { x.dates = y.dates }
            else if x.dates != nil, y.dates == nil, y.isBareCampaigns { y.dates = x.dates }
            a = x
            base = .days(y)
        }
        return CompareSpec(a: a, base: base ?? .prev, metrics: [], hours: nil, byDay: false)
    }

    // explain -> 'explain' sides ('credits' | 'results') ['hours' hourset]
    mutating func parseExplain() throws(QueryError) -> Command {
        var spec = try parseSides()
        var metric: (Metric, SourceRange)?
        while !atEndOfClauses {
            let t = lexer.next()
            if lexer.matches(t, Keyword.hours) {
                guard spec.hours == nil else { throw QueryError(.misuse("'hours' is given twice; give one hour set, as in hours 9..12,14"), t.range) }
                spec.hours = try parseHourSet()
                continue
            }
            let m = try parseMetric(t)
            if let first = metric {
                throw QueryError(.misuse("explain takes one metric; '\(first.0.rawValue)' is already given"), t.range)
            }
            guard m == .credits || m == .results else {
                throw QueryError(.metricNotAllowed(m, command: "explain", allowed: [.credits, .results]), t.range)
            }
            metric = (m, t.range)
        }
        guard let metric else {
            throw QueryError(.expected("a metric to explain (credits or results)", found: describe(lexer.peek())), lexer.peek().range)
        }
        spec.metrics = [metric.0]
        return .explain(ExplainSpec(sides: spec, metric: metric.0))
    }

    // anomalies -> 'anomalies' { 'of' dayset | metric | 'hours' hourset | 'baseline' N 'w' | 'sigma' K }
    mutating func parseAnomalies() throws(QueryError) -> Command {
        var spec = AnomalySpec()
        var seenBaseline = false, seenSigma = false
        let allowed: [Metric] = [.credits, .results, .creditsPrev, .resultsPrev]
        while !atEndOfClauses {
            let t = lexer.peek()
            if lexer.matches(t, Keyword.of), spec.of == nil {
                _ = lexer.next()
                spec.of = try parseDaySet(lexer.next())
            } else if lexer.matches(t, Keyword.hours), spec.hours == nil {
                _ = lexer.next()
                spec.hours = try parseHourSet()
            } else if lexer.matches(t, Keyword.baseline), !seenBaseline {
                seenBaseline = true
                guard case .baseline(let w)? = try parseCompareBase() else { throw unexpected(t, expected: ["baseline"]) }
                spec.weeks = w
            } else if lexer.matches(t, Keyword.sigma), !seenSigma {
                seenSigma = true
                _ = lexer.next()
                let k = lexer.next()
                let bad = QueryError(.invalidNumber(k.kind == .word ? lexer.text(k) : describe(k),
                                                    what: "a number of standard deviations above 0 after 'sigma'"), k.range)
                guard k.kind == .word, ASCII.isDigit(lexer.bytes[k.range.lower]),
                      let v = (try? number(k, skippingSign: false))?.doubleValue, v > 0, v <= 100 else { throw bad }
                spec.sigma = v
            } else {
                _ = lexer.next()
                let m = try parseMetric(t)
                guard allowed.contains(m) else {
                    throw QueryError(.metricNotAllowed(m, command: "anomalies", allowed: allowed), t.range)
                }
                if !spec.metrics.contains(m) { spec.metrics.append(m) }
            }
        }
        return .anomalies(spec)
    }

    /// `prev`, `offset 1w`, `baseline 4w`, or nil when none of them follows.
    mutating func parseCompareBase() throws(QueryError) -> CompareSpec.Base? {
        let t = lexer.peek()
        if lexer.matches(t, Keyword.prev) { _ = lexer.next(); return .prev }
        let isOffset = lexer.matches(t, Keyword.offset)
        guard isOffset || lexer.matches(t, Keyword.baseline) else { return nil }
        _ = lexer.next()
        let nt = lexer.next()
        let text = nt.kind == .word ? lexer.text(nt).lowercased() : ""
        let unit = text.last
        let n = Int(text.dropLast()) ?? 0
        if isOffset {
            guard unit == "d" || unit == "w", n >= 1, n <= 3660 else {
                throw QueryError(.expected("a distance such as 1w or 3d after 'offset'", found: describe(nt)), nt.range)
            }
            return .offset(days: unit == "w" ? n * 7 : n)
        }
        guard unit == "w", (2...12).contains(n) else {
            throw QueryError(.expected("a number of weeks from 2w to 12w after 'baseline'", found: describe(nt)), nt.range)
        }
        return .baseline(weeks: n)
    }

    // chart -> 'chart' metric { 'of' dayset | 'hours' hourset }
    //        | 'chart' query
    mutating func parseChart() throws(QueryError) -> Command {
        let first = lexer.peek()
        let aggregates = [CommandName.sum, .avg, .min, .max, .median, .count].map(\.rawValue)
        if first.kind == .openParen || (first.kind == .word && (ASCII.isDigit(lexer.bytes[first.range.lower])
                                         || aggregates.contains { lexer.matches(first, word: $0) })) {
            _ = lexer.next()
            guard case .query(let q) = try parseQuery(first) else { throw unexpected(first, expected: ["a query"]) }
            let whole = first.range.union(lexer.peek().range)
            guard q.columns.count == 1 else {
                throw QueryError(.misuse("chart draws one column; this query has \(q.columns.count)"), whole)
            }
            guard !q.pivot else { throw QueryError(.misuse("chart draws a heatmap of two keys itself; leave out 'pivot'"), whole) }
            guard (1...2).contains(q.by.count) else {
                throw QueryError(.misuse("chart draws a query grouped by one key (bars) or two (a heatmap); add 'by KEY'"), whole)
            }
            return .chartQuery(q)
        }
        let metric = try parseMetric(lexer.next())
        let (of, hours) = try parseOfAndHours()
        return .chart(metric, of: of, hours: hours)
    }

    // export -> 'export' ('csv' | 'json' | 'jsonl') [dayset] ['to' PATH ['partitioned']]
    mutating func parseExport() throws(QueryError) -> Command {
        let ft = lexer.next()
        guard ft.kind == .word, let format = ExportFormat(rawValue: lexer.text(ft).lowercased()) else {
            throw unexpected(ft, expected: ExportFormat.allCases.map(\.rawValue))
        }
        var days: DaySet?
        var path: String?
        if !atEndOfCommand, !lexer.matches(lexer.peek(), Keyword.to) {
            days = try parseDaySet(lexer.next())
        }
        if !atEndOfCommand {
            let t = lexer.next()
            guard lexer.matches(t, Keyword.to) else { throw unexpected(t, expected: [Keyword.to.rawValue, "end of command"]) }
            path = try parsePath("a file path after 'to'")
        }
        if !atEndOfCommand, lexer.matches(lexer.peek(), Keyword.partitioned) {
            let p = lexer.next()
            guard path != nil else { throw QueryError(.misuse("'partitioned' needs a folder: export csv to DIR/ partitioned"), p.range) }
            guard format != .json else {
                throw QueryError(.misuse("a partitioned export is csv or jsonl (json is one array, it cannot be split)"), p.range)
            }
            return .export(format, days, to: path, partitioned: true)
        }
        return .export(format, days, to: path)
    }

    // set -> 'set' [NAME VALUE]
    mutating func parseSet() throws(QueryError) -> Command {
        if atEndOfCommand { return .set(nil) }
        let nt = lexer.next()
        guard nt.kind == .word, let spec = Vocabulary.setting(named: lexer.text(nt)) else {
            throw unexpected(nt, expected: Vocabulary.settingNames)
        }
        switch spec.accepts {
        case .zone, .text:
            let v = lexer.nextPath()
            guard v.kind == .word || v.kind == .string else {
                throw QueryError(.expected(spec.name == "tz" ? "a time zone such as UTC or Europe/Paris" : "a value for \(spec.name)", found: describe(v)), v.range)
            }
            return .set(SettingChange(spec.name, .text(lexer.text(v))))
        default: break
        }
        let vt = lexer.next()
        let value = lexer.text(vt).lowercased()
        switch spec.accepts {
        case .choice(let choices):
            guard vt.kind == .word, choices.contains(value) else {
                if vt.kind != .word { throw unexpected(vt, expected: choices) }
                throw QueryError(.unexpectedWord(lexer.text(vt), expected: choices,
                                                 suggestion: suggestion(for: value, among: choices)), vt.range)
            }
            return .set(SettingChange(spec.name, .word(value)))
        case .number(let range):
            guard vt.kind == .word, let n = Int(value), range.contains(n) else {
                throw QueryError(.invalidSetting("\(describe(vt)) is not a value for \(spec.name); \(spec.accepted)"), vt.range)
            }
            return .set(SettingChange(spec.name, .number(n)))
        case .zone, .text:
            preconditionFailure("read above")
        }
    }

    // watch -> 'watch' SECONDS (command | STRING)
    mutating func parseWatch() throws(QueryError) -> Command {
        let st = lexer.next()
        guard st.kind == .word, let seconds = Int(lexer.text(st)), (1...86_400).contains(seconds) else {
            throw QueryError(.expected("a number of seconds from 1 to 86400 after 'watch'", found: describe(st)), st.range)
        }
        let ct = lexer.next()
        if ct.kind == .end || ct.kind == .semicolon {
            throw QueryError(.expected("a command to watch", found: describe(ct)), ct.range)
        }
        if ct.kind == .unterminated { throw QueryError(.unterminatedString, ct.range) }
        var statements: [Statement] = []
        if ct.kind == .string {
            // `watch 10 "load camp1 today; brief"`: the commands of one round, read as a line of
            // their own; an error is placed in the line it came from.
            var inner = Parser(lexer.text(ct))
            let offset = ct.range.lower + 1
            do throws(QueryError) {
                while let s = try inner.nextStatement() { statements.append(s) }
            } catch {
                var e = error
                e.range = e.range.map { SourceRange($0.lower + offset, $0.upper + offset) }
                throw e
            }
            guard !statements.isEmpty else { throw QueryError(.expected("a command to watch", found: "an empty string"), ct.range) }
        } else {
            let inner = try parseCommand(ct)
            let r = SourceRange(ct.range.lower, lexer.position)
            statements = [Statement(command: inner, range: r, text: trimmedText(r))]
        }
        if let w = statements.first(where: { if case .watch = $0.command { return true }; return false }) {
            throw QueryError(.expected("a command other than watch", found: "'watch'"), SourceRange(w.range.lower + (ct.kind == .string ? ct.range.lower + 1 : 0), w.range.upper + (ct.kind == .string ? ct.range.lower + 1 : 0)))
        }
        return .watch(seconds: seconds, statements)
    }

    mutating func parsePath(_ what: String) throws(QueryError) -> String {
        let t = lexer.nextPath()
        switch t.kind {
        case .word, .string:
            let s = lexer.text(t)
            guard !s.isEmpty else { throw QueryError(.expected(what, found: "an empty string"), t.range) }
            return s
        case .unterminated: throw QueryError(.unterminatedString, t.range)
        default: throw QueryError(.expected(what, found: describe(t)), t.range)
        }
    }
}
