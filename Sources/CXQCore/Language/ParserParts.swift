/// The productions shared by commands: metrics, campaign ids, hours, dates, day sets; and helpers.
extension Parser {

    // metric -> 'credits' | 'results' | 'credits_change' | 'results_change'
    //         | 'credits_prev' | 'results_prev' | 'cpr'
    mutating func parseMetric(_ t: Token) throws(QueryError) -> Metric {
        guard t.kind == .word else { throw QueryError(.expected("a metric", found: describe(t)), t.range) }
        if lexer.matches(t, "credits") { return .credits }
        if lexer.matches(t, "results") { return .results }
        let w = lexer.text(t)
        if let m = Metric(name: w) { return m }
        throw QueryError(.unknownMetric(w, suggestion: suggestion(for: w, among: Metric.names)), t.range)
    }

    // CAMPAIGN -> [A-Za-z0-9_-]{1,64}
    func parseCampaign(_ t: Token) throws(QueryError) -> String {
        guard t.kind == .word else {
            throw QueryError(.expected("a campaign id", found: describe(t)), t.range)
        }
        guard CampaignID.isValid(lexer.bytes[t.range.lower..<t.range.upper]) else {
            throw QueryError(.invalidCampaign(lexer.text(t)), t.range)
        }
        return lexer.text(t)
    }

    // hourset -> hours { ',' hours } ;  hours -> H ['..' H]
    mutating func parseHourSet() throws(QueryError) -> HourSet {
        var mask: UInt32 = 0
        repeat {
            let lo = try parseHour(lexer.next())
            var hi = lo.0
            if lexer.peek().kind == .dotDot {
                _ = lexer.next()
                let h = try parseHour(lexer.next())
                guard lo.0 <= h.0 else { throw QueryError(.reversedHours(lo.0, h.0), lo.1.union(h.1)) }
                hi = h.0
            }
            mask |= HourSet(range: lo.0, hi).mask
        } while lexer.peek().kind == .comma && { _ = lexer.next(); return true }()
        return HourSet(mask: mask)
    }

    func parseHour(_ t: Token) throws(QueryError) -> (Int, SourceRange) {
        guard t.kind == .word else { throw QueryError(.expected("an hour (0-23)", found: describe(t)), t.range) }
        var v = 0
        var p = t.range.lower
        while p < t.range.upper {
            let b = lexer.bytes[p]
            guard ASCII.isDigit(b) else { throw QueryError(.notAnHour(lexer.text(t)), t.range) }
            v = v * 10 + Int(b - ASCII.zero)
            if v > 1_000_000 { break }
            p += 1
        }
        guard v <= 23 else { throw QueryError(.hourOutOfRange(v), t.range) }
        return (v, t.range)
    }

    // date -> YYYY-MM-DD | 'today' | 'yesterday' | '-' N
    func parseDate(_ t: Token) throws(QueryError) -> DateSpec {
        guard t.kind == .word else { throw QueryError(.expected("a date", found: describe(t)), t.range) }
        let len = t.range.upper - t.range.lower
        let first = lexer.bytes[t.range.lower]
        if len == 10, ASCII.isDigit(first) {
            switch CivilDate.parse(lexer.bytes[t.range.lower..<t.range.upper]) {
            case .success(let d): return .absolute(d)
            case .failure(.impossible): throw QueryError(.impossibleDate(lexer.text(t)), t.range)
            case .failure(.malformed): throw QueryError(.malformedDate(lexer.text(t)), t.range)
            }
        }
        if first == ASCII.minus, len >= 2, len <= 6 {
            var n = 0
            for b in lexer.bytes[(t.range.lower + 1)..<t.range.upper] {
                guard ASCII.isDigit(b) else { throw QueryError(.malformedDate(lexer.text(t)), t.range) }
                n = n * 10 + Int(b - ASCII.zero)
            }
            return .daysAgo(n)
        }
        if lexer.matches(t, "today") { return .today }
        if lexer.matches(t, "yesterday") { return .yesterday }
        throw QueryError(.malformedDate(lexer.text(t)), t.range)
    }

    // dates -> date ['..' date]
    mutating func parseDateSelection(_ t: Token) throws(QueryError) -> DateSelection {
        let from = try parseDate(t)
        guard lexer.peek().kind == .dotDot else { return DateSelection(from: from, to: nil, range: t.range) }
        _ = lexer.next()
        let et = lexer.next()
        let to = try parseDate(et)
        return DateSelection(from: from, to: to, range: t.range.union(et.range))
    }

    func looksLikeDate(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        let b = lexer.bytes[t.range.lower]
        return ASCII.isDigit(b) || b == ASCII.minus || lexer.matches(t, "today") || lexer.matches(t, "yesterday")
    }

    /// True when a token can start a day set where metrics and keywords may also stand.
    func startsDaySet(_ t: Token) -> Bool {
        switch t.kind {
        case .dayNumber, .name, .dot: return true
        case .word:
            if lexer.matches(t, Keyword.all) { return true }
            let w = lexer.text(t).lowercased()
            guard !Keyword.reserved.contains(w), Metric(name: w) == nil, CampaignID.isValid(w.utf8) else { return false }
            return !ASCII.isDigit(lexer.bytes[t.range.lower]) && lexer.bytes[t.range.lower] != ASCII.minus
        default: return false
        }
    }

    // dayset -> item { ',' item } [dates]
    mutating func parseDaySet(_ t: Token) throws(QueryError) -> DaySet {
        var items = [try parseDayItem(t)]
        while lexer.peek().kind == .comma {
            var probe = lexer
            _ = probe.next()
            let n = probe.peek()
            // A comma followed by something that is no item belongs to the clause around the set.
            guard n.kind == .dayNumber || n.kind == .name || n.kind == .dot
                    || (n.kind == .word && !Keyword.reserved.subtracting(["all"]).contains(lexer.text(n).lowercased())
                        && Aggregate(rawValue: lexer.text(n).lowercased()) == nil && !lexer.matches(n, "count")) else { break }
            _ = lexer.next()
            items.append(try parseDayItem(lexer.next()))
        }
        var dates: DateSelection?
        if looksLikeDate(lexer.peek()) { dates = try parseDateSelection(lexer.next()) }
        let r = items[0].range.union(dates?.range ?? items[items.count - 1].range)
        return DaySet(items: items, dates: dates, range: r)
    }

    // item -> 'all' | '#' N | '$' NAME | '.' | CAMPAIGN ['@' dates]
    mutating func parseDayItem(_ t: Token) throws(QueryError) -> DaySet.Item {
        switch t.kind {
        case .dot: return DaySet.Item(.current, t.range)
        case .dayNumber:
            let digits = String(decoding: lexer.bytes[(t.range.lower + 1)..<t.range.upper], as: UTF8.self)
            guard let n = Int(digits), n > 0 else { throw QueryError(.invalidNumber(lexer.text(t), what: "a day number such as #3"), t.range) }
            return DaySet.Item(.number(n), t.range)
        case .name:
            guard t.range.upper - t.range.lower > 1 else { throw QueryError(.expected("a name after '$'", found: "'$'"), t.range) }
            return DaySet.Item(.name(String(lexer.text(t).dropFirst())), t.range)
        case .word:
            if lexer.matches(t, Keyword.all) { return DaySet.Item(.all, t.range) }
            let campaign = try parseCampaign(t)
            guard lexer.peek().kind == .at else { return DaySet.Item(.campaign(campaign, dates: nil), t.range) }
            _ = lexer.next()
            let sel = try parseDateSelection(lexer.next())
            return DaySet.Item(.campaign(campaign, dates: sel), t.range.union(sel.range))
        default:
            throw QueryError(.expected("days (camp123@2025-08-23, a campaign id, #3, $name, . or all)", found: describe(t)), t.range)
        }
    }

    // MARK: - Helpers

    var atEndOfCommand: Bool {
        let k = lexer.peek().kind
        return k == .end || k == .semicolon
    }

    /// At the end of a command's clauses: its end, or the `to PATH` that any value may take.
    var atEndOfClauses: Bool { atEndOfCommand || lexer.matches(lexer.peek(), Keyword.to) }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "the end of the line"
        case .semicolon: return "';'"
        case .unterminated: return "an unterminated string"
        default: return "'\(lexer.text(t))'"
        }
    }

    func unexpected(_ t: Token, expected: [String]) -> QueryError {
        if t.kind == .invalid { return QueryError(.invalidCharacter(lexer.text(t)), t.range) }
        if t.kind == .unterminated { return QueryError(.unterminatedString, t.range) }
        if t.kind == .end || t.kind == .semicolon {
            return QueryError(.expected(expected.map { "'\($0)'" }.joined(separator: " or "), found: describe(t)), t.range)
        }
        let w = lexer.text(t)
        let words = expected.filter { $0 != "end of command" }
        return QueryError(.unexpectedWord(w, expected: expected, suggestion: suggestion(for: w, among: words)), t.range)
    }
}
