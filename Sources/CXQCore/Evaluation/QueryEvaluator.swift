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
            let v = try Aggregator.compute(agg, metric, days: ix.lazy.map { ws.columnDay(at: $0) }, hours: hours)
            return .scalar(Scalar(metric: metric, aggregate: agg, hours: hours, days: DayList(ws, ix), value: v))
        }
        if useColumnKernels, let v = topDays(q, ix, hours: hours, ws) { return v }
        var calls: [AggregateCall] = []
        for c in q.columns { for a in c.expr.aggregates where !calls.contains(a) { calls.append(a) } }
        for a in q.having?.aggregates ?? [] where !calls.contains(a) { calls.append(a) }
        var slots = calls.map { Slot(SlotKind($0)) }
        var groups = GroupTable(keys: q.by, ws: ws)
        let today = self.today()
        if q.by.isEmpty { _ = groups.group(dayPart: 0, hour: nil) }

        if q.by.contains(where: { $0 == .day || $0 == .date }) { groups.reserve(ix.count) }
        groups.prepareDense(ws, ix)
        // Sums and counts filtered by comparisons with numbers: a column kernel.
        let kernel = useColumnKernels ? ColumnScan(slots, filter: q.filter) : nil
        if kernel == nil || !kernel!.run(ix, hours: hours, ws, groups: &groups, slots: &slots) {
            try scan(q, ix, hours, ws, today, groups: &groups, slots: &slots)
        }

        // Values per group, then having and null rows; rows are made only for the groups kept.
        let count = groups.count
        var slotValues: [[Number]] = []
        for s in slots.indices { slotValues.append(try slots[s].finish(calls[s], groups: count)) }
        var columns: [[Number]] = []
        for c in q.columns { columns.append(try evaluateColumn(c.expr, calls, slotValues, groups: count, column: c.name)) }
        var kept: [Int] = []
        kept.reserveCapacity(count)
        for g in 0..<count {
            if let h = q.having {
                let values = slotValues.map { $0[g] }
                guard try holds(h, calls, values, codes: groups.codes(of: g), keys: q.by, groups, today) else { continue }
            }
            if q.dropNullRows, columns[columns.count - 1][g] == .null { continue }
            kept.append(g)
        }
        let tied: Tie?
        (kept, tied) = try ordered(kept, q, groups, columns)

        if q.by.isEmpty && q.columns.count == 1 {
            let c = q.columns[0]
            let keys = DayList(ws, ix)
            let value = kept.first.map { columns[0][$0] } ?? .null
            // A plain `AGG METRIC` keeps its metric and aggregate, with `where` as with `hours`.
            if case .aggregate(.of(let agg, let metric, perDay: false)) = c.expr,
               c.name == AggregateCall.of(agg, metric, perDay: false).name {
                return .scalar(Scalar(metric: metric, aggregate: agg, hours: hours, filter: q.filterText, days: keys, value: value))
            }
            return .scalar(Scalar(expr: c.name, hours: hours, filter: q.filterText, days: keys, value: value))
        }
        var title = q.by.contains(.hour)
            ? ([plural(ix.count, "day")] + (hours == .all ? [] : [hours.label]) + (q.filterText.map { ["where \($0)"] } ?? [])).joined(separator: ", ")
            : hours.selection(where: q.filterText)
        if let tied { title += " " + tied.phrase }
        if q.pivot { return .table(pivot(kept, q, groups, columns[0], title: title)) }
        var rows: [[Cell]] = []
        rows.reserveCapacity(kept.count)
        for g in kept {
            var row: [Cell] = []
            for (k, key) in q.by.enumerated() { row.append(groups.cell(key, groups.code(of: g, key: k))) }
            for c in columns { row.append(Cell(c[g])) }
            rows.append(row)
        }
        return .table(Table(columns: q.by.map(\.rawValue) + q.columns.map(\.name), rows: rows, title: title))
    }

    /// The general scan: every selected day, its mask from the filter, its cells into the groups'
    /// slots, checked. It reads the workspace's contiguous columns: no per-day object is touched.
    func scan(_ q: Query, _ ix: [Int], _ hours: HourSet, _ ws: Workspace, _ today: CivilDate,
              groups: inout GroupTable, slots: inout [Slot]) throws(QueryError) {
        let campaigns = ws.entryCampaign, dates = ws.entryDate, names = ws.campaignNames
        try ws.withSeries { series throws(QueryError) in
            var program = q.filter.map { MaskProgram($0) }
            for i in ix {
                let o = i * 24
                let day = DayView(v: DayCells(series, at: o),
                                  date: CivilDate(dayNumber: dates[i]), campaign: campaigns[i])
                var mask = hours.mask
                if program != nil { mask &= program!.run(day) { conditionMask($0, day, names, today) } }
                if mask == 0 { continue }
                let part = groups.dayPart(day, entry: i)
                if groups.hasHour {
                    try groups.withHourRow(part, mask: mask) { row, groupCount throws(QueryError) in
                        for s in slots.indices { try slots[s].addHours(day.v, mask: mask, groups: row, groupCount: groupCount) }
                    }
                } else {
                    let g = groups.group(dayPart: part, hour: nil)
                    for s in slots.indices { try slots[s].addDay(day.v, mask: mask, group: g) }
                }
            }
        }
    }

    /// The kept groups in key order, or sorted by `order by` (stable: ties keep key order; nulls
    /// last either way), cut to `limit`. With a small limit only that many are kept while sorting.
    /// `tied` counts the groups the limit cut whose ordering value equals the last kept one's.
    func ordered(_ kept: [Int], _ q: Query, _ groups: GroupTable, _ columns: [[Number]]) throws(QueryError) -> (rows: [Int], tied: Tie?) {
        func keyLess(_ x: Int, _ y: Int) -> Bool { groups.keyLess(x, y) }
        guard let o = q.order else {
            // Key order: keys are distinct, so a limit never cuts through a tie.
            let sorted = kept.sorted(by: keyLess)
            return (q.limit.map { Array(sorted.prefix($0)) } ?? sorted, nil)
        }
        let names = q.by.map(\.rawValue) + q.columns.map(\.name)
        let column: Int
        switch o.target {
        case .position(let p): column = p - 1
        case .name(let n): column = names.firstIndex(of: n) ?? names.firstIndex { $0.lowercased() == n.lowercased() } ?? 0
        }
        /// The ordering value's comparison alone (0: tied).
        func order(_ x: Int, _ y: Int) -> Int {
            if column < q.by.count {
                let a = groups.code(of: x, key: column), b = groups.code(of: y, key: column)
                return a < b ? -1 : (a == b ? 0 : 1)
            }
            let a = columns[column - q.by.count][x], b = columns[column - q.by.count][y]
            if a == .null || b == .null { return a == b ? 0 : (a == .null ? 2 : -2) }
            return Aggregator.compare(a, b)
        }
        func less(_ x: Int, _ y: Int) -> Bool {
            let c = order(x, y)
            if c == 0 { return keyLess(x, y) }
            if c == 2 || c == -2 { return c == -2 } // nulls last in either direction
            return o.descending ? c > 0 : c < 0
        }
        var rows: [Int]
        if let n = q.limit, n < 1000, kept.count > 4 * n {
            var best: [Int] = []
            for g in kept {
                if best.count == n, let last = best.last, !less(g, last) { continue }
                var lo = 0, hi = best.count
                while lo < hi { let mid = (lo + hi) / 2; if less(g, best[mid]) { hi = mid } else { lo = mid + 1 } }
                best.insert(g, at: lo)
                if best.count > n { best.removeLast() }
            }
            rows = best
        } else {
            rows = kept.sorted(by: less)
        }
        guard let n = q.limit, rows.count > n || (rows.count == n && kept.count > n) else { return (rows, nil) }
        if rows.count > n { rows = Array(rows.prefix(n)) }
        guard let last = rows.last else { return (rows, nil) }
        let inRows = Set(rows)
        let more = kept.reduce(0) { $0 + (!inRows.contains($1) && order($1, last) == 0 ? 1 : 0) }
        guard more > 0 else { return (rows, nil) }
        let value: Cell = column < q.by.count ? groups.cell(q.by[column], groups.code(of: last, key: column))
                                               : Cell(columns[column - q.by.count][last])
        return (rows, Tie(more: more, value: value))
    }

    /// The crosstab of a two-key, one-column query: first key down, second across.
    func pivot(_ kept: [Int], _ q: Query, _ groups: GroupTable, _ values: [Number], title: String) -> Table {
        var across: [Int64] = []
        for g in kept where !across.contains(groups.code(of: g, key: 1)) { across.append(groups.code(of: g, key: 1)) }
        across.sort()
        var down: [Int64] = []
        var cells: [Int64: [Int64: Number]] = [:]
        for g in kept {
            let d = groups.code(of: g, key: 0)
            if cells[d] == nil { down.append(d) }
            cells[d, default: [:]][groups.code(of: g, key: 1)] = values[g]
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

    /// A column's value for every group.
    func evaluateColumn(_ e: Expr, _ calls: [AggregateCall], _ values: [[Number]], groups: Int, column: String) throws(QueryError) -> [Number] {
        if case .aggregate(let a) = e { return values[calls.firstIndex(of: a)!] }
        var out: [Number] = []
        out.reserveCapacity(groups)
        for g in 0..<groups { out.append(try evaluate(e, calls, values.map { $0[g] }, column: column)) }
        return out
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

/// One aggregate's running state for every group, column-wise.
struct Slot {
    let kind: SlotKind
    var sum: [Int64] = []
    var count: [Int] = []
    var extreme: [Int64] = []
    var credits: [Int64] = []
    var results: [Int64] = []
    var lists: [[Double]] = []
    var daily: [[Int64]] = []
    var overflowed = false

    init(_ kind: SlotKind) { self.kind = kind }

    /// Makes room for group `g`.
    @inline(__always)
    mutating func grow(_ g: Int) {
        guard g >= count.count else { return }
        // Appended one by one: a temporary array per new group would cost an allocation each.
        for _ in count.count...g {
            count.append(0)
            switch kind {
            case .sumInt, .count, .countDays: sum.append(0)
            case .minInt, .maxInt: extreme.append(0)
            case .cprSum: credits.append(0); results.append(0)
            case .medianInt, .cprCells: lists.append([])
            case .perDay: daily.append([])
            }
        }
    }

    /// One day's masked hours, all in group `g` (each day comes once per group).
    @inline(__always)
    mutating func addDay(_ v: DayCells, mask: UInt32, group g: Int) throws(QueryError) {
        grow(g)
        switch kind {
        case .count: count[g] += mask.nonzeroBitCount
        case .countDays: count[g] += 1
        case .sumInt(let m), .perDay(let m):
            let s = try Slot.maskedSum(m, v, mask)
            if case .perDay = kind { daily[g].append(s); return }
            let (t, o) = sum[g].addingReportingOverflow(s)
            sum[g] = t
            if o { overflowed = true }
            count[g] += mask.nonzeroBitCount
        default:
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                addCell(v, h, g)
            }
        }
    }

    /// One day's masked hours, hour h in group `groups[h]`.
    @inline(__always)
    mutating func addHours(_ v: DayCells, mask: UInt32, groups: UnsafeBufferPointer<Int32>, groupCount: Int) throws(QueryError) {
        var rest = mask
        if case .sumInt(let m) = kind, let series = m.series {
            let sp = v.series(series)
            grow(groupCount - 1)
            var o = false
            sum.withUnsafeMutableBufferPointer { s in
                count.withUnsafeMutableBufferPointer { c in
                    while rest != 0 {
                        let h = rest.trailingZeroBitCount
                        rest &= rest - 1
                        let g = Int(groups[h])
                        let (t, f) = s[g].addingReportingOverflow(sp[h])
                        s[g] = t
                        o = o || f
                        c[g] &+= 1
                    }
                }
            }
            if o { overflowed = true }
            return
        }
        while rest != 0 {
            let h = rest.trailingZeroBitCount
            rest &= rest - 1
            try addDay(v, mask: 1 << UInt32(h), group: Int(groups[h]))
        }
    }

    @inline(__always)
    mutating func addCell(_ v: DayCells, _ h: Int, _ g: Int) {
        switch kind {
        case .minInt(let m), .maxInt(let m):
            let x = Slot.value(m, v, h)
            if count[g] == 0 { extreme[g] = x } else if case .minInt = kind { extreme[g] = Swift.min(extreme[g], x) } else { extreme[g] = Swift.max(extreme[g], x) }
            count[g] += 1
        case .medianInt(let m):
            lists[g].append(Double(Slot.value(m, v, h)))
        case .cprSum:
            let (c, o1) = credits[g].addingReportingOverflow(v.c[h])
            let (r, o2) = results[g].addingReportingOverflow(v.r[h])
            credits[g] = c; results[g] = r
            if o1 || o2 { overflowed = true }
        case .cprCells:
            let r = v.r[h]
            if r != 0 { lists[g].append(Double(v.c[h]) / Double(r)) }
        default: break
        }
    }

    /// The value of an integer metric at an hour, from a day's 96 values.
    @inline(__always)
    static func value(_ m: Metric, _ v: DayCells, _ h: Int) -> Int64 {
        switch m {
        case .credits: return v.c[h]
        case .creditsChange: return v.cc[h]
        case .results: return v.r[h]
        case .resultsChange: return v.rc[h]
        case .creditsPrev: return v.c[h] &- v.cc[h]
        case .resultsPrev: return v.r[h] &- v.rc[h]
        case .cpr: return 0
        }
    }

    /// Σ of an integer metric over the masked hours, checked.
    @inline(__always)
    static func maskedSum(_ m: Metric, _ v: DayCells, _ mask: UInt32) throws(QueryError) -> Int64 {
        var s: Int64 = 0
        var o = false
        if let series = m.series {
            let p = v.series(series)
            if mask == HourSet.all.mask {
                for h in 0..<24 { let (t, f) = s.addingReportingOverflow(p[h]); s = t; o = o || f }
            } else {
                var rest = mask
                while rest != 0 {
                    let h = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let (t, f) = s.addingReportingOverflow(p[h]); s = t; o = o || f
                }
            }
        } else {
            var rest = mask
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                let (t, f) = s.addingReportingOverflow(value(m, v, h)); s = t; o = o || f
            }
        }
        if o { throw QueryError(.overflow("the sum of \(m.rawValue)"), nil) }
        return s
    }

    /// The aggregate's value for every group.
    func finish(_ call: AggregateCall, groups: Int) throws(QueryError) -> [Number] {
        var out: [Number] = []
        out.reserveCapacity(groups)
        for g in 0..<groups { out.append(try finish(call, g)) }
        return out
    }

    func finish(_ call: AggregateCall, _ g: Int) throws(QueryError) -> Number {
        let n = g < count.count ? count[g] : 0
        switch call {
        case .count, .countDays: return .int(Int64(n))
        case .of(let agg, let m, let perDay):
            if perDay {
                let days = g < daily.count ? daily[g] : []
                guard !days.isEmpty else { return agg == .sum ? .int(0) : .null }
                switch agg {
                case .sum:
                    var s: Int64 = 0
                    for d in days {
                        let (t, o) = s.addingReportingOverflow(d)
                        if o { throw QueryError(.overflow("the sum of \(m.rawValue) per day"), nil) }
                        s = t
                    }
                    return .int(s)
                case .avg: return .double(days.reduce(0.0) { $0 + Double($1) } / Double(days.count))
                case .min: return .int(days.min()!)
                case .max: return .int(days.max()!)
                case .median: return .double(Aggregator.median(days.sorted().map(Double.init)))
                }
            }
            if m == .cpr {
                if agg == .sum || agg == .avg {
                    if overflowed { throw QueryError(.overflow("the sums behind cpr"), nil) }
                    return g < credits.count ? .ratio(credits[g], results[g]) : .null
                }
                let values = g < lists.count ? lists[g] : []
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
                return .int(g < sum.count ? sum[g] : 0)
            case .avg:
                guard n > 0 else { return .null }
                if overflowed { throw QueryError(.overflow("the sum of \(m.rawValue) behind the average"), nil) }
                return .double(Double(sum[g]) / Double(n))
            case .min, .max:
                return n == 0 ? .null : .int(extreme[g])
            case .median:
                let values = g < lists.count ? lists[g] : []
                return values.isEmpty ? .null : .double(Aggregator.median(values.sorted()))
            }
        }
    }
}

/// The groups of a query: each a tuple of key codes (integers that sort in the key's own
/// order), found through the day-level part once per day and, for `hour`, a row of 24.
struct GroupTable {
    let keys: [GroupKey]
    let hasHour: Bool
    let dayKeys: [GroupKey]
    /// Key codes of every group, `keys.count` a group, in the order of `keys`.
    private var flatCodes: [Int64] = []
    private(set) var count = 0
    private var partIndex: [PartKey: Int] = [:]
    private var partCodes: [PartKey] = []
    /// Group of each day part (no hour key), or of each (day part, hour); -1 until seen.
    private var groupOf: [Int32] = []
    /// The hours of each day part whose groups exist.
    private var hoursMade: [UInt32] = []
    /// Each campaign index's rank in byte order, and the campaign ids by rank.
    private let rankOf: [Int]
    private let campaigns: [String]

    init(keys: [GroupKey], ws: Workspace) {
        self.keys = keys
        hasHour = keys.contains(.hour)
        dayKeys = keys.filter(\.isDayLevel)
        let needsRanks = keys.contains(.campaign) || keys.contains(.day)
        rankOf = needsRanks ? ws.campaignRankByIndex : []
        var c = Array(repeating: "", count: rankOf.count)
        for (i, r) in rankOf.enumerated() { c[r] = ws.campaignNames[i] }
        campaigns = c
    }

    /// The index of a day's day-level key part (created on first sight).
    mutating func reserve(_ n: Int) {
        partIndex.reserveCapacity(n)
        partCodes.reserveCapacity(n)
        groupOf.reserveCapacity(hasHour ? n * 24 : n)
        flatCodes.reserveCapacity(n * keys.count)
    }

    /// Dense part numbers without hashing, when the day-level keys' values fit a small table:
    /// each key's value becomes an offset (weekday 0-6, campaign index, days/weeks/months from the
    /// first, the entry itself for `day`), and a part is the pair's place in the table.
    private var dense = false
    /// True when day parts are found by offset, without hashing (`prepareDense`).
    var isDense: Bool { dense }
    private var denseSize: [Int] = []
    private var denseBase: [Int64] = []
    private var partOfDense: [Int32] = []

    mutating func prepareDense(_ ws: Workspace, _ ix: [Int]) {
        guard !dayKeys.isEmpty, !ix.isEmpty else { return }
        var lo = Int32.max, hi = Int32.min
        for i in ix { lo = Swift.min(lo, ws.entryDate[i]); hi = Swift.max(hi, ws.entryDate[i]) }
        var sizes: [Int] = [], bases: [Int64] = []
        for k in dayKeys {
            switch k {
            case .weekday: sizes.append(7); bases.append(0)
            case .campaign: sizes.append(ws.campaignNames.count); bases.append(0)
            case .date: sizes.append(Int(hi - lo) + 1); bases.append(Int64(lo))
            case .week: sizes.append(Int(hi - lo) / 7 + 2); bases.append(Int64(Self.mondayWeek(lo)))
            case .month:
                let a = CivilDate(dayNumber: lo).parts, b = CivilDate(dayNumber: hi).parts
                sizes.append((b.year * 12 + b.month) - (a.year * 12 + a.month) + 1); bases.append(Int64(a.year * 12 + a.month - 1))
            case .day: sizes.append(ws.count); bases.append(0)
            case .hour: break
            }
        }
        let total = sizes.reduce(1, *)
        guard total <= 4 * ix.count + 4096 else { return }
        dense = true
        denseSize = sizes
        denseBase = bases
        partOfDense = Array(repeating: -1, count: total)
    }

    static func mondayWeek(_ dayNumber: Int32) -> Int32 {
        let d = CivilDate(dayNumber: dayNumber)
        return (dayNumber - Int32((d.weekday + 6) % 7) + 3) / 7 // weeks counted from a Thursday epoch
    }

    @inline(__always)
    func denseOffset(_ k: GroupKey, _ day: DayView, entry: Int, _ n: Int) -> Int {
        switch k {
        case .weekday: return (day.date.weekday + 6) % 7
        case .campaign: return Int(day.campaign)
        case .date: return Int(Int64(day.date.dayNumber) - denseBase[n])
        case .week: return Int(Int64(Self.mondayWeek(day.date.dayNumber)) - denseBase[n])
        case .month:
            let p = day.date.parts
            return Int(Int64(p.year * 12 + p.month - 1) - denseBase[n])
        case .day: return entry
        case .hour: return 0
        }
    }

    mutating func dayPart(_ day: DayView, entry: Int) -> Int {
        if partCodes.isEmpty { addPart(PartKey(a: 0, b: 0)) }
        if dayKeys.isEmpty { return 0 }
        if dense {
            var at = denseOffset(dayKeys[0], day, entry: entry, 0)
            if dayKeys.count > 1 { at = at * denseSize[1] + denseOffset(dayKeys[1], day, entry: entry, 1) }
            let known = partOfDense[at]
            if known >= 0 { return Int(known) }
            let part = PartKey(a: code(dayKeys[0], day), b: dayKeys.count > 1 ? code(dayKeys[1], day) : 0)
            let i = addPart(part)
            partOfDense[at] = Int32(i)
            return i
        }
        let part = PartKey(a: code(dayKeys[0], day), b: dayKeys.count > 1 ? code(dayKeys[1], day) : 0)
        if let i = partIndex[part] { return i }
        return addPart(part)
    }

    @discardableResult
    private mutating func addPart(_ part: PartKey) -> Int {
        let i = partCodes.count
        if !dense && (!dayKeys.isEmpty || i == 0) { partIndex[part] = i }
        partCodes.append(part)
        for _ in 0..<(hasHour ? 24 : 1) { groupOf.append(-1) }
        return i
    }

    /// The group of a day part (and hour), created on first sight.
    mutating func group(dayPart p: Int, hour: Int?) -> Int {
        if partCodes.isEmpty { addPart(PartKey(a: 0, b: 0)) }
        let slot = hasHour ? p * 24 + (hour ?? 0) : p
        if groupOf[slot] >= 0 { return Int(groupOf[slot]) }
        let g = count
        count += 1
        groupOf[slot] = Int32(g)
        var used = 0
        for k in keys {
            if k == .hour { flatCodes.append(Int64(hour ?? 0)); continue }
            flatCodes.append(used == 0 ? partCodes[p].a : partCodes[p].b)
            used += 1
        }
        return g
    }

    /// Runs `body` with the groups of a day part's 24 hours (those in `mask` created first).
    mutating func withHourRow(_ p: Int, mask: UInt32, _ body: (UnsafeBufferPointer<Int32>, Int) throws(QueryError) -> Void) throws(QueryError) {
        if p >= hoursMade.count { hoursMade += Array(repeating: 0, count: p + 1 - hoursMade.count) }
        if hoursMade[p] & mask != mask {
            var rest = mask & ~hoursMade[p]
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                if groupOf[p * 24 + h] < 0 { _ = group(dayPart: p, hour: h) }
            }
            hoursMade[p] |= mask
        }
        let n = count
        try groupOf.withUnsafeBufferPointer { all throws(QueryError) in
            try body(UnsafeBufferPointer(start: all.baseAddress! + p * 24, count: 24), n)
        }
    }

    func code(of g: Int, key k: Int) -> Int64 { flatCodes[g * keys.count + k] }

    func codes(of g: Int) -> [Int64] { (0..<keys.count).map { code(of: g, key: $0) } }

    /// Key order between two groups.
    func keyLess(_ x: Int, _ y: Int) -> Bool {
        for k in 0..<keys.count {
            let a = code(of: x, key: k), b = code(of: y, key: k)
            if a != b { return a < b }
        }
        return false
    }

    func code(_ k: GroupKey, _ day: DayView) -> Int64 {
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
        case .campaign: return Int64(rankOf[Int(day.campaign)])
        case .day: return Int64(rankOf[Int(day.campaign)]) << 32 | Int64(Int64(day.date.dayNumber) + Int64(Int32.max))
        }
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

extension MetricOperand {
    /// An integer metric or an integer literal, for the fast comparison.
    var integerSide: (metric: Metric?, number: Int64)? {
        switch self {
        case .metric(let m): return m == .cpr ? nil : (m, 0)
        case .number(.int(let n)): return (nil, n)
        default: return nil
        }
    }
}

/// One day as the scan sees it: its values in place, its date and campaign index.
struct DayView {
    let v: DayCells
    let date: CivilDate
    let campaign: Int32
}

/// One day's four series of 24 values, in place in the workspace's columns.
struct DayCells {
    let c: UnsafePointer<Int64>
    let cc: UnsafePointer<Int64>
    let r: UnsafePointer<Int64>
    let rc: UnsafePointer<Int64>

    init(c: UnsafePointer<Int64>, cc: UnsafePointer<Int64>, r: UnsafePointer<Int64>, rc: UnsafePointer<Int64>) {
        self.c = c; self.cc = cc; self.r = r; self.rc = rc
    }

    /// The day whose values start at `offset` of the four series (`Workspace.withSeries`).
    @inline(__always)
    init(_ series: [UnsafePointer<Int64>], at offset: Int) {
        self.init(c: series[0] + offset, cc: series[1] + offset, r: series[2] + offset, rc: series[3] + offset)
    }

    @inline(__always)
    func series(_ s: Day.Series) -> UnsafePointer<Int64> {
        switch s {
        case .credits: return c
        case .creditsChange: return cc
        case .results: return r
        case .resultsChange: return rc
        }
    }
}

/// A `where` condition flattened once per query into postfix steps, so that each day's mask is
/// computed without walking (and retaining) the condition's boxed nodes: `metric CMP integer`
/// leaves run as one loop over the series; other leaves fall back to `conditionMask`.
struct MaskProgram {
    enum Step {
        case compare(Day.Series, Comparison, Int64)
        case leaf(Condition)
        case and, or, not
    }
    var steps: [Step] = []
    var stack: [UInt32] = []

    init(_ c: Condition) {
        add(c)
        stack.reserveCapacity(steps.count)
    }

    mutating func add(_ c: Condition) {
        switch c {
        case .and(let a, let b): add(a); add(b); steps.append(.and)
        case .or(let a, let b): add(a); add(b); steps.append(.or)
        case .not(let x): add(x); steps.append(.not)
        case .metrics(.metric(let m), let op, .number(.int(let k))) where m.series != nil:
            steps.append(.compare(m.series!, op, k))
        default: steps.append(.leaf(c))
        }
    }

    /// The hours of one day's 24 values `p` that compare with `k` as `op` says, as a mask.
    /// Branch-free: the data decides each bit, so a branch per hour would mispredict.
    @inline(__always)
    static func hours(_ p: UnsafePointer<Int64>, _ op: Comparison, _ k: Int64) -> UInt32 {
        var m: UInt32 = 0
        switch op {
        case .equal: for h in 0..<24 { m |= UInt32(p[h] == k ? 1 : 0) << UInt32(h) }
        case .notEqual: for h in 0..<24 { m |= UInt32(p[h] != k ? 1 : 0) << UInt32(h) }
        case .less: for h in 0..<24 { m |= UInt32(p[h] < k ? 1 : 0) << UInt32(h) }
        case .lessOrEqual: for h in 0..<24 { m |= UInt32(p[h] <= k ? 1 : 0) << UInt32(h) }
        case .greater: for h in 0..<24 { m |= UInt32(p[h] > k ? 1 : 0) << UInt32(h) }
        case .greaterOrEqual: for h in 0..<24 { m |= UInt32(p[h] >= k ? 1 : 0) << UInt32(h) }
        }
        return m
    }

    mutating func run(_ day: DayView, leaf: (Condition) -> UInt32) -> UInt32 {
        stack.removeAll(keepingCapacity: true)
        for step in steps {
            switch step {
            case .compare(let s, let op, let k):
                stack.append(Self.hours(day.v.series(s), op, k))
            case .leaf(let c): stack.append(leaf(c))
            case .and: let b = stack.removeLast(); stack[stack.count - 1] &= b
            case .or: let b = stack.removeLast(); stack[stack.count - 1] |= b
            case .not: stack[stack.count - 1] = ~stack[stack.count - 1] & HourSet.all.mask
            }
        }
        return stack[0]
    }
}
