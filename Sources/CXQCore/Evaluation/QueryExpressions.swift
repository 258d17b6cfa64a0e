/// The expressions of a query's columns and the conditions of `where` and `having`, evaluated
/// per group and per cell.
extension Evaluator {

    func evaluate(_ e: Expr, _ calls: [AggregateCall], _ values: [Number], column: String) throws(QueryError) -> Number {
        switch e {
        case .number(let n): return n
        case .aggregate(let a): return values[calls.firstIndex(of: a)!]
        case .negate(let x):
            let v = try evaluate(x, calls, values, column: column)
            if case .int(let i) = v {
                guard i != .min else { throw QueryError(.overflow("the column '\(column)'"), nil) }
                return .int(-i)
            }
            if case .double(let d) = v { return .double(-d) }
            return .null
        case .binary(let op, let l, let r):
            return try arithmetic(op, try evaluate(l, calls, values, column: column), try evaluate(r, calls, values, column: column), column: column)
        }
    }

    /// `+ - *` of integers stay exact (an overflow is an error); `/` gives a decimal; anything
    /// divided by 0 is null; null in, null out.
    func arithmetic(_ op: ArithmeticOperator, _ a: Number, _ b: Number, column: String) throws(QueryError) -> Number {
        if a == .null || b == .null { return .null }
        if op == .divide {
            guard let y = b.doubleValue, y != 0, let x = a.doubleValue else { return .null }
            return .double(x / y)
        }
        if case .int(let x) = a, case .int(let y) = b {
            let (v, o): (Int64, Bool)
            switch op {
            case .add: (v, o) = x.addingReportingOverflow(y)
            case .subtract: (v, o) = x.subtractingReportingOverflow(y)
            default: (v, o) = x.multipliedReportingOverflow(by: y)
            }
            if o { throw QueryError(.overflow("the column '\(column)'"), nil) }
            return .int(v)
        }
        let x = a.doubleValue!, y = b.doubleValue!
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        default: return .double(x * y)
        }
    }

    // MARK: Conditions

    /// The hours of a day for which a `where` condition holds, as a 24-bit mask.
    func conditionMask(_ c: Condition, _ day: DayView, _ names: [String], _ today: CivilDate) -> UInt32 {
        let all = HourSet.all.mask
        switch c {
        case .or(let a, let b): return conditionMask(a, day, names, today) | conditionMask(b, day, names, today)
        case .and(let a, let b):
            let m = conditionMask(a, day, names, today)
            return m == 0 ? 0 : m & conditionMask(b, day, names, today)
        case .not(let x): return ~conditionMask(x, day, names, today) & all
        case .metrics(let l, let op, let r):
            var m: UInt32 = 0
            // Integers on both sides (every metric but cpr, integer literals): compared directly.
            if let li = l.integerSide, let ri = r.integerSide {
                let v = day.v
                for h in 0..<24 {
                    let a: Int64, b: Int64
                    if let lm = li.metric { a = Slot.value(lm, v, h) } else { a = li.number }
                    if let rm = ri.metric { b = Slot.value(rm, v, h) } else { b = ri.number }
                    if op.holds(a < b ? -1 : (a == b ? 0 : 1)) { m |= 1 << UInt32(h) }
                }
                return m
            }
            for h in 0..<24 {
                let a = operand(l, day, h), b = operand(r, day, h)
                if a != .null, b != .null, op.holds(Aggregator.compare(a, b)) { m |= 1 << UInt32(h) }
            }
            return m
        case .attribute(let a, let op, let v):
            if a == .hour, case .hour(let x) = v {
                var m: UInt32 = 0
                for h in 0..<24 where op.holds(h < x ? -1 : (h == x ? 0 : 1)) { m |= 1 << UInt32(h) }
                return m
            }
            return op.holds(compareAttribute(a, day, names, v.order, today)) ? all : 0
        case .member(let a, let ranges):
            if a == .hour {
                var m: UInt32 = 0
                for r in ranges { if case .number(let lo) = r.lowerBound, case .number(let hi) = r.upperBound { m |= HourSet(range: lo, hi).mask } }
                return m
            }
            for r in ranges where compareAttribute(a, day, names, r.lowerBound, today) >= 0 && compareAttribute(a, day, names, r.upperBound, today) <= 0 {
                return all
            }
            return 0
        case .aggregates:
            return 0
        }
    }

    @inline(__always)
    func operand(_ o: MetricOperand, _ day: DayView, _ h: Int) -> Number {
        switch o {
        case .number(let n): return n
        case .metric(let m):
            if m == .cpr { return .ratio(day.v.c[h], day.v.r[h]) }
            return .int(Slot.value(m, day.v, h))
        }
    }

    /// A day's attribute against a literal: -1, 0 or 1.
    func compareAttribute(_ a: Attribute, _ day: DayView, _ names: [String], _ v: AttributeOrder, _ today: CivilDate) -> Int {
        switch (a, v) {
        case (.weekday, .number(let w)):
            let x = (day.date.weekday + 6) % 7
            return x < w ? -1 : (x == w ? 0 : 1)
        case (.date, .date(let spec)):
            let d = spec.resolve(today: today)
            return day.date < d ? -1 : (day.date == d ? 0 : 1)
        case (.campaign, .text(let c)):
            let mine = names[Int(day.campaign)]
            if mine == c { return 0 }
            return Array(mine.utf8).lexicographicallyPrecedes(Array(c.utf8)) ? -1 : 1
        default:
            return 2 // never equal, never in range
        }
    }

    /// A `having` condition on one group.
    func holds(_ c: Condition, _ calls: [AggregateCall], _ values: [Number], codes: [Int64], keys: [GroupKey],
               _ groups: GroupTable, _ today: CivilDate) throws(QueryError) -> Bool {
        switch c {
        case .or(let a, let b):
            if try holds(a, calls, values, codes: codes, keys: keys, groups, today) { return true }
            return try holds(b, calls, values, codes: codes, keys: keys, groups, today)
        case .and(let a, let b):
            if !(try holds(a, calls, values, codes: codes, keys: keys, groups, today)) { return false }
            return try holds(b, calls, values, codes: codes, keys: keys, groups, today)
        case .not(let x):
            return !(try holds(x, calls, values, codes: codes, keys: keys, groups, today))
        case .aggregates(let l, let op, let r):
            let a = try evaluate(l, calls, values, column: "having"), b = try evaluate(r, calls, values, column: "having")
            return a != .null && b != .null && op.holds(Aggregator.compare(a, b))
        case .attribute(let a, let op, let v):
            guard let k = keys.firstIndex(where: { $0.rawValue == a.rawValue }) else { return false }
            return op.holds(groups.compare(a, codes[k], v.order, today))
        case .member(let a, let ranges):
            guard let k = keys.firstIndex(where: { $0.rawValue == a.rawValue }) else { return false }
            return ranges.contains { groups.compare(a, codes[k], $0.lowerBound, today) >= 0 && groups.compare(a, codes[k], $0.upperBound, today) <= 0 }
        case .metrics:
            return false
        }
    }
}
