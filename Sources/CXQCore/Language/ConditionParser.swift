/// The productions of conditions: `where` over cells, `having` over groups.
extension Parser {

    // cond -> conj { 'or' conj }
    mutating func parseCondition(having: Bool) throws(QueryError) -> Condition {
        var c = try parseConjunction(having: having)
        while lexer.matches(lexer.peek(), Keyword.or) {
            _ = lexer.next()
            c = .or(c, try parseConjunction(having: having))
        }
        return c
    }

    // conj -> neg { 'and' neg }
    mutating func parseConjunction(having: Bool) throws(QueryError) -> Condition {
        var c = try parseNegation(having: having)
        while lexer.matches(lexer.peek(), Keyword.and) {
            _ = lexer.next()
            c = .and(c, try parseNegation(having: having))
        }
        return c
    }

    // neg -> 'not' neg | '(' cond ')' | test
    mutating func parseNegation(having: Bool) throws(QueryError) -> Condition {
        let t = lexer.peek()
        if lexer.matches(t, Keyword.not) {
            _ = lexer.next()
            return .not(try parseNegation(having: having))
        }
        if t.kind == .openParen && !having {
            _ = lexer.next()
            let c = try parseCondition(having: having)
            let close = lexer.next()
            guard close.kind == .closeParen else { throw QueryError(.expected("')'", found: describe(close)), close.range) }
            return c
        }
        if t.kind == .openParen {
            // In `having`, '(' may open a condition or an expression: try the condition first.
            var probe = self
            _ = probe.lexer.next()
            if let c = try? probe.parseCondition(having: true), probe.lexer.peek().kind == .closeParen {
                _ = probe.lexer.next()
                self = probe
                return c
            }
        }
        return try parseTest(having: having)
    }

    // test -> operand CMP operand | ATTR 'in' list
    mutating func parseTest(having: Bool) throws(QueryError) -> Condition {
        let first = lexer.next()
        if let a = attribute(first), lexer.matches(lexer.peek(), Keyword.in) {
            _ = lexer.next()
            return .member(a, try parseList(for: a))
        }
        if having && attribute(first) == nil {
            let left = try parseExpr(first)
            let op = try parseComparison()
            let right = try parseExpr(lexer.next())
            return .aggregates(left, op, right)
        }
        let op = try parseComparison()
        let second = lexer.next()
        if let a = attribute(first) {
            return .attribute(a, op, try literal(second, for: a))
        }
        if let a = attribute(second) {
            return .attribute(a, op.flipped, try literal(first, for: a))
        }
        return .metrics(try metricOperand(first), op, try metricOperand(second))
    }

    mutating func parseComparison() throws(QueryError) -> Comparison {
        let t = lexer.next()
        guard t.kind == .comparison, let c = Comparison(rawValue: lexer.text(t)) else {
            if lexer.matches(t, Keyword.in) { throw QueryError(.misuse("'in' follows an attribute (hour, weekday, date, campaign)"), t.range) }
            throw QueryError(.expected("a comparison (=, !=, <, <=, >, >=)", found: describe(t)), t.range)
        }
        return c
    }

    func attribute(_ t: Token) -> Attribute? {
        guard t.kind == .word else { return nil }
        return Attribute.list.first { lexer.matches(t, word: $0.rawValue) }
    }

    /// A metric or a number; anything else is an error at its position.
    mutating func metricOperand(_ t: Token) throws(QueryError) -> MetricOperand {
        guard t.kind == .word else { throw QueryError(.expected("a metric or a number", found: describe(t)), t.range) }
        let b = lexer.bytes[t.range.lower]
        if ASCII.isDigit(b) || (b == ASCII.minus && t.range.upper - t.range.lower > 1 && !looksLikeDateWord(t)) {
            return .number(try number(t, skippingSign: false))
        }
        if let m = Metric(name: lexer.text(t)) { return .metric(m) }
        let w = lexer.text(t)
        if let kind = literalKind(t) {
            throw QueryError(.misuse("'\(w)' is \(kind), and a metric can only be compared with a number or another metric"), t.range)
        }
        throw QueryError(.unknownMetric(w, suggestion: suggestion(for: w, among: Metric.names + Vocabulary.attributes)), t.range)
    }

    /// What kind of literal a word is, when it is one a metric cannot be compared with.
    func literalKind(_ t: Token) -> String? {
        let w = lexer.text(t).lowercased()
        if Vocabulary.weekdays.contains(w) { return "a weekday" }
        if looksLikeDateWord(t) { return "a date" }
        return nil
    }

    func looksLikeDateWord(_ t: Token) -> Bool {
        let n = t.range.upper - t.range.lower
        return (n == 10 && ASCII.isDigit(lexer.bytes[t.range.lower]) && lexer.bytes[t.range.lower + 4] == ASCII.minus)
            || lexer.matches(t, "today") || lexer.matches(t, "yesterday")
    }

    /// A literal of the attribute's own kind.
    mutating func literal(_ t: Token, for a: Attribute) throws(QueryError) -> AttributeValue {
        func wrong() -> QueryError {
            QueryError(.misuse("\(describe(t)) is not \(a.literalKind), so it cannot be compared with \(a.rawValue)"), t.range)
        }
        guard t.kind == .word else { throw wrong() }
        switch a {
        case .hour:
            guard lexer.bytes[t.range.lower..<t.range.upper].allSatisfy(ASCII.isDigit) else { throw wrong() }
            return .hour(try parseHour(t).0)
        case .weekday:
            guard let i = Vocabulary.weekdays.firstIndex(of: lexer.text(t).lowercased()) else { throw wrong() }
            return .weekday(i)
        case .date:
            guard looksLikeDate(t) else { throw wrong() }
            return .date(try parseDate(t))
        case .campaign:
            return .campaign(try parseCampaign(t))
        }
    }

    // list -> range { ',' range } ;  range -> literal ['..' literal]
    mutating func parseList(for a: Attribute) throws(QueryError) -> [ClosedRange<AttributeOrder>] {
        var out: [ClosedRange<AttributeOrder>] = []
        repeat {
            let lt = lexer.next()
            let lo = try literal(lt, for: a)
            var hi = lo
            var r = lt.range
            if lexer.peek().kind == .dotDot {
                _ = lexer.next()
                let ht = lexer.next()
                hi = try literal(ht, for: a)
                r = r.union(ht.range)
                if case .weekday(let x) = lo, case .weekday(let y) = hi, x > y {
                    throw QueryError(.misuse("weekday range \(Vocabulary.weekdays[x])..\(Vocabulary.weekdays[y]) wraps past Sunday; write it as two ranges (\(Vocabulary.weekdays[x])..sun, mon..\(Vocabulary.weekdays[y]))"), r)
                }
                if case .hour(let x) = lo, case .hour(let y) = hi, x > y { throw QueryError(.reversedHours(x, y), r) }
            }
            let l = lo.order, h = hi.order
            if case .date = l {} else if h < l { throw QueryError(.misuse("the range \(lexer.text(lt))..\(describe(lexer.peek())) is reversed"), r) }
            out.append(l...h)
        } while lexer.peek().kind == .comma && { _ = lexer.next(); return true }()
        return out
    }
}

extension Comparison {
    /// The same test with its sides swapped (`5 < credits` is `credits > 5`).
    var flipped: Comparison {
        switch self {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }
}

extension AttributeValue {
    /// The literal as something ordered, for lists.
    var order: AttributeOrder {
        switch self {
        case .hour(let h): return .number(h)
        case .weekday(let w): return .number(w)
        case .date(let d): return .date(d)
        case .campaign(let c): return .text(c)
        }
    }
}

extension Aggregate {
    /// Every aggregate, made once (a synthesized `allCases` builds its array on each use).
    static let list = Aggregate.allCases
}

extension Attribute {
    static let list = Attribute.allCases
}
