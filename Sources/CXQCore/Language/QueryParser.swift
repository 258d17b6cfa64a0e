/// The productions of queries: columns, expressions, clauses and conditions.
extension Parser {
    // query -> column { ',' column } { clause }
    // column -> expr ['as' NAME]
    mutating func parseQuery(_ first: Token) throws(QueryError) -> Command {
        havingRange = nil
        pivotRange = nil
        var columns = [try parseColumn(first)]
        while lexer.peek().kind == .comma {
            _ = lexer.next()
            columns.append(try parseColumn(lexer.next()))
        }
        var query = Query(columns: columns)
        try parseQueryClauses(into: &query, allowed: Keyword.queryClauses)
        try check(&query)
        return .query(query)
    }

    mutating func parseColumn(_ first: Token) throws(QueryError) -> Column {
        let start = first.range.lower
        let expr = try parseExpr(first)
        let end = lastEnd
        var name = expr.plainAggregate?.name ?? collapsedText(SourceRange(start, end))
        if lexer.matches(lexer.peek(), Keyword.as) {
            _ = lexer.next()
            let n = lexer.next()
            guard n.kind == .word || n.kind == .string, !lexer.text(n).isEmpty else {
                throw QueryError(.expected("a column name after 'as'", found: describe(n)), n.range)
            }
            name = lexer.text(n)
        }
        return Column(expr: expr, name: name)
    }

    /// The clauses of a query, in any order, each at most once.
    // clause -> 'hours' hourset | 'of' dayset | 'where' cond | 'by' key [',' key] | 'having' cond
    //         | 'pivot' | 'order' 'by' (NAME | N) ['asc' | 'desc'] | 'limit' N
    mutating func parseQueryClauses(into q: inout Query, allowed: [Keyword]) throws(QueryError) {
        var seen: [Bool] = [false, false, false, false, false, false, false, false] // by position in `allowed`
        while !atEndOfClauses {
            let t = lexer.next()
            guard let at = allowed.firstIndex(where: { lexer.matches(t, $0) }), !seen[at] else {
                throw unexpected(t, expected: allowed.indices.filter { !seen[$0] }.map { allowed[$0].rawValue } + ["end of command"])
            }
            seen[at] = true
            let k = allowed[at]
            if k == .having { havingRange = t.range } else if k == .pivot { pivotRange = t.range }
            switch k {
            case .hours: q.hours = try parseHourSet()
            case .of: q.of = try parseDaySet(lexer.next())
            case .where:
                let start = lexer.peek().range.lower
                q.filter = try parseCondition(having: false)
                q.filterText = collapsedText(SourceRange(start, lexer.position))
            case .by: q.by = try parseKeys()
            case .having: q.having = try parseCondition(having: true)
            case .pivot: q.pivot = true
            case .order: q.order = try parseOrder(t)
            case .limit:
                let n = lexer.next()
                guard n.kind == .word, let v = Int(lexer.text(n)), v >= 0 else {
                    throw QueryError(.expected("a number of rows after 'limit'", found: describe(n)), n.range)
                }
                q.limit = v
            default: break
            }
        }
    }

    /// Checks what only the whole query can tell, with the position of the part at fault.
    mutating func check(_ q: inout Query) throws(QueryError) {
        if q.having != nil && q.by.isEmpty {
            throw QueryError(.misuse("'having' filters groups, so it needs 'by'"), havingRange)
        }
        if q.pivot && (q.by.count != 2 || q.columns.count != 1) {
            throw QueryError(.misuse("'pivot' needs exactly two keys after 'by' and one column (this query has \(plural(q.by.count, "key")) and \(plural(q.columns.count, "column")))"), pivotRange)
        }
        if let c = q.having { try checkKeys(c, q.by, havingRange) }
        if let o = q.order, case .name(let n) = o.target {
            let names = q.by.map(\.rawValue) + q.columns.map(\.name)
            if !names.contains(n) && !names.contains(where: { $0.lowercased() == n.lowercased() }) {
                throw QueryError(.unknownColumn(n, columns: names, suggestion: suggestion(for: n, among: names)), o.range)
            }
        }
        if let o = q.order, case .position(let p) = o.target, !(1...(q.by.count + q.columns.count)).contains(p) {
            throw QueryError(.unknownColumn("\(p)", columns: q.by.map(\.rawValue) + q.columns.map(\.name), suggestion: nil), o.range)
        }
    }

    func checkKeys(_ c: Condition, _ keys: [GroupKey], _ r: SourceRange?) throws(QueryError) {
        switch c {
        case .or(let a, let b), .and(let a, let b): try checkKeys(a, keys, r); try checkKeys(b, keys, r)
        case .not(let x): try checkKeys(x, keys, r)
        case .attribute(let a, _, _), .member(let a, _):
            guard keys.contains(where: { $0.rawValue == a.rawValue }) else {
                throw QueryError(.misuse("'having' can test '\(a.rawValue)' only when the query groups by it"), r)
            }
        default: break
        }
    }

    // key -> 'day' | 'date' | 'campaign' | 'week' | 'month' | 'weekday' | 'hour'
    mutating func parseKeys() throws(QueryError) -> [GroupKey] {
        var keys: [GroupKey] = []
        repeat {
            let t = lexer.next()
            guard t.kind == .word, let k = GroupKey(rawValue: lexer.text(t).lowercased()) else {
                throw unexpected(t, expected: Vocabulary.groupKeys)
            }
            guard !keys.contains(k) else { throw QueryError(.misuse("'by' names '\(k.rawValue)' twice"), t.range) }
            keys.append(k)
            guard keys.count < 2 || lexer.peek().kind != .comma else {
                throw QueryError(.misuse("'by' takes at most two keys"), lexer.peek().range)
            }
        } while lexer.peek().kind == .comma && { _ = lexer.next(); return true }()
        return keys
    }

    mutating func parseOrder(_ orderToken: Token) throws(QueryError) -> OrderBy {
        let b = lexer.next()
        guard lexer.matches(b, Keyword.by) else { throw unexpected(b, expected: [Keyword.by.rawValue]) }
        let t = lexer.next()
        let target: OrderBy.Target
        switch t.kind {
        case .word:
            let text = lexer.text(t)
            if let n = Int(text) { target = .position(n) } else { target = .name(text) }
        case .string: target = .name(lexer.text(t))
        default: throw QueryError(.expected("a column name or number after 'order by'", found: describe(t)), t.range)
        }
        var descending = false
        if lexer.matches(lexer.peek(), Keyword.desc) { _ = lexer.next(); descending = true }
        else if lexer.matches(lexer.peek(), Keyword.asc) { _ = lexer.next() }
        return OrderBy(target: target, descending: descending, range: t.range)
    }

    // MARK: Expressions

    // expr -> term { ('+' | '-') term }
    mutating func parseExpr(_ first: Token) throws(QueryError) -> Expr {
        var left = try parseTerm(first)
        while true {
            let p = lexer.peek()
            if p.kind == .plus {
                _ = lexer.next()
                left = .binary(.add, left, try parseTerm(lexer.next()))
            } else if p.kind == .word, lexer.bytes[p.range.lower] == ASCII.minus {
                _ = lexer.next()
                if p.range.upper - p.range.lower == 1 {
                    left = .binary(.subtract, left, try parseTerm(lexer.next()))
                } else {
                    // `sum credits -5`: the minus belongs to the expression, not to a negative number.
                    left = .binary(.subtract, left, .number(try number(p, skippingSign: true)))
                    lastEnd = p.range.upper
                }
            } else {
                return left
            }
        }
    }

    // term -> factor { ('*' | '/') factor }
    mutating func parseTerm(_ first: Token) throws(QueryError) -> Expr {
        var left = try parseFactor(first)
        while lexer.peek().kind == .star || lexer.peek().kind == .slash {
            let op: ArithmeticOperator = lexer.next().kind == .star ? .multiply : .divide
            left = .binary(op, left, try parseFactor(lexer.next()))
        }
        return left
    }

    // factor -> NUMBER | '(' expr ')' | '-' factor | agg
    // agg    -> AGG METRIC ['per' 'day'] | AGG '(' METRIC ')' ['per' 'day'] | 'count' ['days']
    mutating func parseFactor(_ t: Token) throws(QueryError) -> Expr {
        lastEnd = t.range.upper
        switch t.kind {
        case .openParen:
            let e = try parseExpr(lexer.next())
            let c = lexer.next()
            guard c.kind == .closeParen else { throw QueryError(.expected("')'", found: describe(c)), c.range) }
            lastEnd = c.range.upper
            return e
        case .word:
            let b = lexer.bytes[t.range.lower]
            if b == ASCII.minus && t.range.upper - t.range.lower == 1 { return .negate(try parseFactor(lexer.next())) }
            if ASCII.isDigit(b) || b == ASCII.minus { return .number(try number(t, skippingSign: false)) }
            if lexer.matches(t, "count") {
                if lexer.matches(lexer.peek(), Keyword.days) {
                    lastEnd = lexer.next().range.upper
                    return .aggregate(.countDays)
                }
                return .aggregate(.count)
            }
            guard let agg = Aggregate.list.first(where: { lexer.matches(t, word: $0.rawValue) }) else {
                let w = lexer.text(t)
                throw QueryError(.unexpectedWord(w, expected: ["an aggregate (sum, avg, min, max, median, count)", "a number", "("],
                                                 suggestion: suggestion(for: w, among: Aggregate.allCases.map(\.rawValue) + ["count"])), t.range)
            }
            let metric: Metric
            if lexer.peek().kind == .openParen {
                _ = lexer.next()
                metric = try parseMetric(lexer.next())
                let c = lexer.next()
                guard c.kind == .closeParen else { throw QueryError(.expected("')'", found: describe(c)), c.range) }
                lastEnd = c.range.upper
            } else {
                let m = lexer.next()
                metric = try parseMetric(m)
                lastEnd = m.range.upper
            }
            var perDay = false
            if lexer.matches(lexer.peek(), Keyword.per) {
                let per = lexer.next()
                let d = lexer.next()
                guard lexer.matches(d, Keyword.day) else { throw unexpected(d, expected: [Keyword.day.rawValue]) }
                guard metric != .cpr else {
                    throw QueryError(.misuse("'per day' sums each day first, which a ratio cannot do; use 'avg cpr' or 'sum credits per day / sum results per day'"),
                                     per.range.union(d.range))
                }
                perDay = true
                lastEnd = d.range.upper
            }
            return .aggregate(.of(agg, metric, perDay: perDay))
        default:
            throw QueryError(.expected("an aggregate, a number or '('", found: describe(t)), t.range)
        }
    }

    /// A number literal: `100`, `-5`, `2.5` (the lexer splits `2.5` at its dot).
    mutating func number(_ t: Token, skippingSign: Bool) throws(QueryError) -> Number {
        var text = lexer.text(t)
        var end = t.range.upper
        // A decimal: the word, an adjacent '.', an adjacent run of digits.
        var probe = lexer
        let dot = probe.next()
        if dot.kind == .dot, dot.range.lower == end {
            let frac = probe.next()
            if frac.kind == .word, frac.range.lower == dot.range.upper, lexer.bytes[frac.range.lower..<frac.range.upper].allSatisfy(ASCII.isDigit) {
                lexer = probe
                text += "." + lexer.text(frac)
                end = frac.range.upper
            }
        }
        lastEnd = end
        if skippingSign { text.removeFirst() }
        if let i = Int64(text) { return .int(i) }
        if text.contains("."), let d = Double(text), d.isFinite { return .double(d) }
        throw QueryError(.invalidNumber(text, what: "a number"), SourceRange(t.range.lower, end))
    }

    /// A source range's text with runs of blanks made one.
    func collapsedText(_ r: SourceRange) -> String {
        var out: [UInt8] = []
        var blank = false
        for b in lexer.bytes[r.lower..<r.upper] {
            if Lexer.isSpace(b) { blank = true; continue }
            if blank && !out.isEmpty { out.append(ASCII.space) }
            blank = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
