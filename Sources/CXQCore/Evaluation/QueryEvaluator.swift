/// Queries: select cells (day set, hours, `where`), group them (`by`), aggregate each group,
/// compute the columns' expressions, then `having`, `order by`, `limit` and `pivot`.
///
/// A day is visited once: its selected hours become a 24-bit mask (hours ∩ `where`), and each
/// aggregate takes the day's masked hours in one tight loop over its contiguous values.
extension Evaluator {
    func query(_ q: Query, _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(q.of, ws)
        let hours = q.hours ?? .all
        // The hot path of a batch run (v1's `sum credits hours 9..17 of c@date`): one plain
        // aggregate over the selection, no groups, no filter.
        if q.by.isEmpty, q.filter == nil, q.having == nil, q.columns.count == 1,
           case .aggregate(.of(let agg, let metric, perDay: false)) = q.columns[0].expr,
           q.columns[0].name == AggregateCall.of(agg, metric, perDay: false).name {
            let v = try Aggregator.compute(agg, metric, days: ix.lazy.map { ws.entries[$0].day }, hours: hours)
            return .scalar(Scalar(metric: metric, aggregate: agg, hours: hours, days: ix.map { ws.entries[$0].day.key }, value: v))
        }
        var calls: [AggregateCall] = []
        for c in q.columns { for a in c.expr.aggregates where !calls.contains(a) { calls.append(a) } }
        for a in q.having?.aggregates ?? [] where !calls.contains(a) { calls.append(a) }
        let kinds = calls.map(SlotKind.init)
        var groups = GroupTable(keys: q.by, ws: ws)
        var accs: [Accumulator] = []
        let today = self.today()
        if q.by.isEmpty { _ = groups.group(dayPart: 0, hour: nil, codes: []); accs = Array(repeating: Accumulator(), count: kinds.count) }

        for i in ix {
            let day = ws.entries[i].day
            var mask = hours.mask
            if let f = q.filter { mask &= conditionMask(f, day, today) }
            if mask == 0 { continue }
            let part = groups.dayPart(day)
            if groups.hasHour {
                var rest = mask
                while rest != 0 {
                    let h = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let g = groups.group(dayPart: part, hour: h, codes: [])
                    if accs.count < (g + 1) * kinds.count { accs += Array(repeating: Accumulator(), count: kinds.count) }
                    for s in kinds.indices { try accs[g * kinds.count + s].add(kinds[s], day, mask: 1 << UInt32(h)) }
                }
            } else {
                let g = groups.group(dayPart: part, hour: nil, codes: [])
                if accs.count < (g + 1) * kinds.count { accs += Array(repeating: Accumulator(), count: kinds.count) }
                for s in kinds.indices { try accs[g * kinds.count + s].add(kinds[s], day, mask: mask) }
            }
        }

        // One row per group, in key order.
        var rows: [(codes: [Int64], values: [Number])] = []
        for g in groups.order() {
            var slotValues: [Number] = []
            for s in calls.indices { slotValues.append(try accs[g * calls.count + s].finish(calls[s])) }
            var values: [Number] = []
            for c in q.columns { values.append(try evaluate(c.expr, calls, slotValues, column: c.name)) }
            if let h = q.having, !(try holds(h, calls, slotValues, codes: groups.codes[g], keys: q.by, groups, today)) { continue }
            if q.dropNullRows, values.last == .null { continue }
            rows.append((groups.codes[g], values))
        }
        if let o = q.order { rows = try ordered(rows, by: o, q) }
        if let n = q.limit, rows.count > n { rows = Array(rows.prefix(n)) }

        if q.by.isEmpty && q.columns.count == 1 {
            let c = q.columns[0]
            let labels = ix.map { ws.entries[$0].day.key }
            let value = rows.first?.values[0] ?? .null
            if case .aggregate(.of(let agg, let metric, perDay: false)) = c.expr, c.name == AggregateCall.of(agg, metric, perDay: false).name {
                return .scalar(Scalar(metric: metric, aggregate: agg, hours: hours, days: labels, value: value))
            }
            return .scalar(Scalar(expr: c.name, hours: hours, days: labels, value: value))
        }
        let title = q.by.contains(.hour) ? plural(ix.count, "day") : hours.label
        if q.pivot { return .table(pivot(rows, q, groups, title: title)) }
        let table = Table(columns: q.by.map(\.rawValue) + q.columns.map(\.name),
                          rows: rows.map { r in zip(q.by, r.codes).map { groups.cell($0.0, $0.1) } + r.values.map(Cell.init) },
                          title: title)
        return .table(table)
    }

    /// `order by`: a stable sort by one column; key columns in their own order, nulls last.
    func ordered(_ rows: [(codes: [Int64], values: [Number])], by o: OrderBy, _ q: Query) throws(QueryError) -> [(codes: [Int64], values: [Number])] {
        let names = q.by.map(\.rawValue) + q.columns.map(\.name)
        let column: Int
        switch o.target {
        case .position(let p): column = p - 1
        case .name(let n): column = names.firstIndex(of: n) ?? names.firstIndex { $0.lowercased() == n.lowercased() } ?? 0
        }
        let keyed = rows.enumerated().map { ($0.offset, $0.element) }
        let sorted = keyed.sorted { x, y in
            let c: Int
            if column < q.by.count {
                let a = x.1.codes[column], b = y.1.codes[column]
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else {
                let a = x.1.values[column - q.by.count], b = y.1.values[column - q.by.count]
                if a == .null || b == .null {
                    if a == .null && b == .null { return x.0 < y.0 }
                    return b == .null // nulls last in either direction
                }
                c = Aggregator.compare(a, b)
            }
            if c == 0 { return x.0 < y.0 }
            return o.descending ? c > 0 : c < 0
        }
        return sorted.map(\.1)
    }

    /// The crosstab of a two-key, one-column query: first key down, second across.
    func pivot(_ rows: [(codes: [Int64], values: [Number])], _ q: Query, _ groups: GroupTable, title: String) -> Table {
        var across: [Int64] = []
        for r in rows where !across.contains(r.codes[1]) { across.append(r.codes[1]) }
        across.sort()
        var down: [Int64] = []
        var cells: [Int64: [Int64: Number]] = [:]
        for r in rows {
            if cells[r.codes[0]] == nil { down.append(r.codes[0]) }
            cells[r.codes[0], default: [:]][r.codes[1]] = r.values[0]
        }
        let header = [q.by[0].rawValue] + across.map { code -> String in
            switch groups.cell(q.by[1], code) {
            case .int(let v): return String(v)
            case .text(let t): return t
            default: return ""
            }
        }
        let out: [[Cell]] = down.map { d in [groups.cell(q.by[0], d)] + across.map { Cell(cells[d]?[$0] ?? .null) } }
        return Table(columns: header, rows: out, title: title)
    }

    // MARK: Expressions

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
    func conditionMask(_ c: Condition, _ day: Day, _ today: CivilDate) -> UInt32 {
        let all = HourSet.all.mask
        switch c {
        case .or(let a, let b): return conditionMask(a, day, today) | conditionMask(b, day, today)
        case .and(let a, let b):
            let m = conditionMask(a, day, today)
            return m == 0 ? 0 : m & conditionMask(b, day, today)
        case .not(let x): return ~conditionMask(x, day, today) & all
        case .metrics(let l, let op, let r):
            var m: UInt32 = 0
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
            return op.holds(compareAttribute(a, day, v.order, today)) ? all : 0
        case .member(let a, let ranges):
            if a == .hour {
                var m: UInt32 = 0
                for r in ranges { if case .number(let lo) = r.lowerBound, case .number(let hi) = r.upperBound { m |= HourSet(range: lo, hi).mask } }
                return m
            }
            for r in ranges where compareAttribute(a, day, r.lowerBound, today) >= 0 && compareAttribute(a, day, r.upperBound, today) <= 0 {
                return all
            }
            return 0
        case .aggregates:
            return 0
        }
    }

    @inline(__always)
    func operand(_ o: MetricOperand, _ day: Day, _ h: Int) -> Number {
        switch o {
        case .number(let n): return n
        case .metric(let m):
            if let v = m.integer(in: day, hour: h) { return .int(v) }
            return m.cell(in: day, hour: h)
        }
    }

    /// A day's attribute against a literal: -1, 0 or 1.
    func compareAttribute(_ a: Attribute, _ day: Day, _ v: AttributeOrder, _ today: CivilDate) -> Int {
        switch (a, v) {
        case (.weekday, .number(let w)):
            let x = (day.date.weekday + 6) % 7
            return x < w ? -1 : (x == w ? 0 : 1)
        case (.date, .date(let spec)):
            let d = spec.resolve(today: today)
            return day.date < d ? -1 : (day.date == d ? 0 : 1)
        case (.campaign, .text(let c)):
            if day.campaign == c { return 0 }
            return Array(day.campaign.utf8).lexicographicallyPrecedes(Array(c.utf8)) ? -1 : 1
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

/// What an aggregate keeps while cells come in.
enum SlotKind {
    case sumInt(Metric), minInt(Metric), maxInt(Metric), medianInt(Metric)
    case cprSum, cprCells
    case perDay(Metric)
    case count, countDays

    init(_ call: AggregateCall) {
        switch call {
        case .count: self = .count
        case .countDays: self = .countDays
        case .of(let a, let m, let perDay):
            if perDay { self = .perDay(m); return }
            if m == .cpr { self = (a == .sum || a == .avg) ? .cprSum : .cprCells; return }
            switch a {
            case .sum, .avg: self = .sumInt(m)
            case .min: self = .minInt(m)
            case .max: self = .maxInt(m)
            case .median: self = .medianInt(m)
            }
        }
    }
}

/// One group's running state for one aggregate.
struct Accumulator {
    var sum: Int64 = 0
    var count = 0
    var extreme: Int64 = 0
    var credits: Int64 = 0
    var results: Int64 = 0
    var values: [Double] = []
    var daily: [Int64] = []
    var overflowed = false

    /// Takes in the masked hours of one day (each day comes once per group).
    @inline(__always)
    mutating func add(_ kind: SlotKind, _ day: Day, mask: UInt32) throws(QueryError) {
        switch kind {
        case .count:
            count += mask.nonzeroBitCount
        case .countDays:
            count += 1
        case .sumInt(let m), .perDay(let m):
            var s: Int64 = 0
            var o = false
            if mask == HourSet.all.mask, let series = m.series {
                let base = series.rawValue * 24
                for h in 0..<24 { let (t, f) = s.addingReportingOverflow(day.values[base + h]); s = t; o = o || f }
            } else {
                var rest = mask
                while rest != 0 {
                    let h = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let (t, f) = s.addingReportingOverflow(m.integer(in: day, hour: h)!)
                    s = t; o = o || f
                }
            }
            if o { throw QueryError(.overflow("the sum of \(m.rawValue)"), nil) }
            if case .perDay = kind { daily.append(s); return }
            let (t, f) = sum.addingReportingOverflow(s)
            sum = t
            if f { overflowed = true }
            count += mask.nonzeroBitCount
        case .minInt(let m), .maxInt(let m):
            let isMin: Bool
            if case .minInt = kind { isMin = true } else { isMin = false }
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                let v = m.integer(in: day, hour: h)!
                if count == 0 { extreme = v } else { extreme = isMin ? Swift.min(extreme, v) : Swift.max(extreme, v) }
                count += 1
            }
        case .medianInt(let m):
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                values.append(Double(m.integer(in: day, hour: h)!))
            }
        case .cprSum:
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                let (c, f1) = credits.addingReportingOverflow(day.value(.credits, h))
                let (r, f2) = results.addingReportingOverflow(day.value(.results, h))
                credits = c; results = r
                if f1 || f2 { overflowed = true }
            }
        case .cprCells:
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                let r = day.value(.results, h)
                if r != 0 { values.append(Double(day.value(.credits, h)) / Double(r)) }
            }
        }
    }

    /// The aggregate's value for the group.
    func finish(_ call: AggregateCall) throws(QueryError) -> Number {
        switch call {
        case .count, .countDays: return .int(Int64(count))
        case .of(let agg, let m, let perDay):
            if perDay {
                guard !daily.isEmpty else { return agg == .sum ? .int(0) : .null }
                switch agg {
                case .sum:
                    var s: Int64 = 0
                    for d in daily {
                        let (t, o) = s.addingReportingOverflow(d)
                        if o { throw QueryError(.overflow("the sum of \(m.rawValue) per day"), nil) }
                        s = t
                    }
                    return .int(s)
                case .avg: return .double(daily.reduce(0.0) { $0 + Double($1) } / Double(daily.count))
                case .min: return .int(daily.min()!)
                case .max: return .int(daily.max()!)
                case .median: return .double(Aggregator.median(daily.sorted().map(Double.init)))
                }
            }
            if m == .cpr {
                if agg == .sum || agg == .avg {
                    if overflowed { throw QueryError(.overflow("the sums behind cpr"), nil) }
                    return .ratio(credits, results)
                }
                guard !values.isEmpty else { return .null }
                switch agg {
                case .min: return .double(values.min()!)
                case .max: return .double(values.max()!)
                default: return .double(Aggregator.median(values.sorted()))
                }
            }
            switch agg {
            case .sum:
                if overflowed { throw QueryError(.overflow("the sum of \(m.rawValue)"), nil) }
                return .int(sum)
            case .avg:
                guard count > 0 else { return .null }
                if overflowed { throw QueryError(.overflow("the sum of \(m.rawValue) behind the average"), nil) }
                return .double(Double(sum) / Double(count))
            case .min, .max:
                return count == 0 ? .null : .int(extreme)
            case .median:
                return values.isEmpty ? .null : .double(Aggregator.median(values.sorted()))
            }
        }
    }
}

/// The groups of a query: each a tuple of key codes (integers that sort in the key's own
/// order), found through the day-level part once per day and, for `hour`, a table of 24.
struct GroupTable {
    let keys: [GroupKey]
    let hasHour: Bool
    let dayKeys: [GroupKey]
    /// Key codes per group, in the order of `keys`.
    var codes: [[Int64]] = []
    private var partIndex: [PartKey: Int] = [:]
    private var partCodes: [PartKey] = []
    /// Group of each day part (no hour key), or of each (day part, hour).
    private var groupOf: [Int] = []
    private let ranks: [String: Int]
    private let campaigns: [String]
    private var lastCampaign = ""
    private var lastRank = 0

    init(keys: [GroupKey], ws: Workspace) {
        self.keys = keys
        hasHour = keys.contains(.hour)
        dayKeys = keys.filter(\.isDayLevel)
        let needsRanks = keys.contains(.campaign) || keys.contains(.day)
        ranks = needsRanks ? ws.campaignRanks : [:]
        var c = Array(repeating: "", count: ranks.count)
        for (k, v) in ranks { c[v] = k }
        campaigns = c
    }

    /// The index of a day's day-level key part (created on first sight).
    mutating func dayPart(_ day: Day) -> Int {
        if dayKeys.isEmpty { return 0 }
        let part = PartKey(a: code(dayKeys[0], day), b: dayKeys.count > 1 ? code(dayKeys[1], day) : 0)
        if let i = partIndex[part] { return i }
        let i = partCodes.count
        partIndex[part] = i
        partCodes.append(part)
        groupOf += Array(repeating: -1, count: hasHour ? 24 : 1)
        return i
    }

    /// The group of a day part (and hour), created on first sight.
    mutating func group(dayPart p: Int, hour: Int?, codes _: [Int64]) -> Int {
        if groupOf.isEmpty { groupOf = Array(repeating: -1, count: hasHour ? 24 : 1); if partCodes.isEmpty { partCodes = [PartKey(a: 0, b: 0)] } }
        let slot = hasHour ? p * 24 + (hour ?? 0) : p
        if groupOf[slot] >= 0 { return groupOf[slot] }
        let g = codes.count
        groupOf[slot] = g
        var parts = [partCodes[p].a, partCodes[p].b].makeIterator()
        codes.append(keys.map { $0 == .hour ? Int64(hour ?? 0) : parts.next()! })
        return g
    }

    /// Groups in key order.
    func order() -> [Int] {
        codes.indices.sorted { codes[$0].lexicographicallyPrecedes(codes[$1]) }
    }

    mutating func code(_ k: GroupKey, _ day: Day) -> Int64 {
        switch k {
        case .hour: return 0
        case .date: return Int64(day.date.dayNumber)
        case .weekday: return Int64((day.date.weekday + 6) % 7)
        case .month:
            let p = day.date.parts
            return Int64(p.year * 12 + p.month - 1)
        case .week:
            let (y, w) = day.date.isoWeek
            return Int64(y * 100 + w)
        case .campaign: return Int64(rank(day.campaign))
        case .day: return Int64(rank(day.campaign)) << 32 | Int64(Int64(day.date.dayNumber) + Int64(Int32.max))
        }
    }

    mutating func rank(_ campaign: String) -> Int {
        if campaign == lastCampaign { return lastRank }
        lastCampaign = campaign
        lastRank = ranks[campaign] ?? 0
        return lastRank
    }

    /// A key's code as the cell shown.
    func cell(_ k: GroupKey, _ code: Int64) -> Cell {
        switch k {
        case .hour: return .int(code)
        case .date: return .text(CivilDate(dayNumber: Int32(code)).description)
        case .weekday: return .text(Vocabulary.weekdays[Int(code)])
        case .month:
            let y = code / 12, m = code % 12 + 1
            return .text("\(y)-\(m < 10 ? "0" : "")\(m)")
        case .week:
            let y = code / 100, w = code % 100
            return .text("\(y)-W\(w < 10 ? "0" : "")\(w)")
        case .campaign: return .text(campaigns[Int(code)])
        case .day:
            let date = CivilDate(dayNumber: Int32(truncatingIfNeeded: (code & 0xFFFF_FFFF) - Int64(Int32.max)))
            return .text("\(campaigns[Int(code >> 32)])@\(date)")
        }
    }

    /// A group's key against a `having` literal: -1, 0 or 1 (2 when they cannot be compared).
    func compare(_ a: Attribute, _ code: Int64, _ v: AttributeOrder, _ today: CivilDate) -> Int {
        switch (a, v) {
        case (.hour, .number(let x)), (.weekday, .number(let x)):
            return code < x ? -1 : (code == Int64(x) ? 0 : 1)
        case (.date, .date(let spec)):
            let d = Int64(spec.resolve(today: today).dayNumber)
            return code < d ? -1 : (code == d ? 0 : 1)
        case (.campaign, .text(let c)):
            let mine = campaigns[Int(code)]
            if mine == c { return 0 }
            return Array(mine.utf8).lexicographicallyPrecedes(Array(c.utf8)) ? -1 : 1
        default:
            return 2
        }
    }
}

extension Metric {
    /// The stored series a metric reads directly, if it is one.
    var series: Day.Series? {
        switch self {
        case .credits: return .credits
        case .results: return .results
        case .creditsChange: return .creditsChange
        case .resultsChange: return .resultsChange
        default: return nil
        }
    }
}

extension CivilDate {
    /// The ISO 8601 week: the week-numbering year and the week (Monday start; week 1 holds the
    /// year's first Thursday).
    public var isoWeek: (year: Int, week: Int) {
        let monday0 = (weekday + 6) % 7
        let thursday = adding(days: 3 - monday0)
        let y = thursday.parts.year
        let jan1 = CivilDate(year: y, month: 1, day: 1)!
        let week = Int(thursday.dayNumber - jan1.dayNumber) / 7 + 1
        return (y, week)
    }
}

/// The day-level key codes of a group (one or two keys), as a hashable pair.
struct PartKey: Hashable {
    var a: Int64
    var b: Int64
}
