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
        case .minInt, .maxInt, .medianInt, .cprSum, .cprCells:
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
        case .sumInt, .perDay, .count, .countDays:
            break // taken a whole day at a time (`addDay`)
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
                case .median: return .double(Aggregator.median(values.sorted()))
                case .sum, .avg: preconditionFailure("sum and avg of cpr are the ratio of sums, above")
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
