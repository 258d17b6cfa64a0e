/// Column kernels for the query shapes analysts ask most — sums and counts by hour, by a
/// day-level key, or both, filtered by comparisons of stored series with numbers — that run as
/// tight loops over the workspace's columns instead of the general per-day scan.
///
/// They give exactly what the general scan gives: the same groups, sums and counts. Sums are
/// added without overflow checks only when the workspace's magnitude bound proves that no
/// total can overflow (else the general, checked scan runs). Comparisons with 0 read the
/// workspace's bitmap index; other comparisons compare the 24 values of the day.
struct ColumnScan {
    /// One aggregate the kernel can keep: a sum of a stored series, a cell count, a day count.
    enum Kind {
        case sum(Day.Series)
        case count
        case countDays
    }

    /// One step of a filter in postfix order.
    enum Step {
        /// `series CMP 0`, from the bitmap index.
        case sign(Day.Series, Comparison)
        /// `series CMP k`, from the values.
        case compare(Day.Series, Comparison, Int64)
        case and, or, not
    }

    let kinds: [Kind]
    let steps: [Step]

    /// A kernel for these slots and this filter, or nil when a part of them needs the general scan.
    init?(_ slots: [Slot], filter: Condition?) {
        var kinds: [Kind] = []
        for s in slots {
            switch s.kind {
            case .sumInt(let m):
                guard let series = m.series else { return nil }
                kinds.append(.sum(series))
            case .count: kinds.append(.count)
            case .countDays: kinds.append(.countDays)
            case .minInt, .maxInt, .medianInt, .cprSum, .cprCells, .perDay: return nil
            }
        }
        var steps: [Step] = []
        func add(_ c: Condition) -> Bool {
            switch c {
            case .and(let a, let b): guard add(a), add(b) else { return false }; steps.append(.and)
            case .or(let a, let b): guard add(a), add(b) else { return false }; steps.append(.or)
            case .not(let x): guard add(x) else { return false }; steps.append(.not)
            case .metrics(.metric(let m), let op, .number(.int(let k))):
                guard let s = m.series else { return false }
                steps.append(k == 0 ? .sign(s, op) : .compare(s, op, k))
            case .metrics(.number(.int(let k)), let op, .metric(let m)):
                guard let s = m.series else { return false }
                let flipped: Comparison
                switch op {
                case .less: flipped = .greater
                case .lessOrEqual: flipped = .greaterOrEqual
                case .greater: flipped = .less
                case .greaterOrEqual: flipped = .lessOrEqual
                case .equal, .notEqual: flipped = op
                }
                steps.append(k == 0 ? .sign(s, flipped) : .compare(s, flipped, k))
            default: return false
            }
            return true
        }
        if let filter { guard add(filter), steps.count <= 32 else { return nil } }
        self.kinds = kinds
        self.steps = steps
    }

    /// True when adding `cells` values of each summed series cannot overflow.
    func cannotOverflow(_ ws: Workspace, cells: Int) -> Bool {
        for k in kinds {
            guard case .sum(let s) = k else { continue }
            let (product, o) = ws.magnitude[s.rawValue].multipliedReportingOverflow(by: UInt64(Swift.max(cells, 1)))
            if o || product > UInt64(Int64.max) { return false }
        }
        return true
    }

    /// Each selected day's mask: its hours in `hours` that pass the filter. Worked out a step at a
    /// time over all the days (the bitmap index for comparisons with 0), so that each step is
    /// one tight loop.
    func dayMasks(_ ix: [Int], hours: HourSet, _ ws: Workspace, _ series: [UnsafePointer<Int64>]) -> [UInt32] {
        let n = ix.count, full = HourSet.all.mask
        guard !steps.isEmpty else { return [UInt32](repeating: hours.mask, count: n) }
        var stack: [[UInt32]] = []
        let contiguous = n > 0 && ix[0] == 0 && ix[n - 1] == n - 1 && n == ws.count
        for step in steps {
            switch step {
            case .sign(let s, let op):
                var out = [UInt32](repeating: 0, count: n)
                ws.zeroHours[s.rawValue].withUnsafeBufferPointer { zb in
                ws.positiveHours[s.rawValue].withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { o in
                    let zp = zb.baseAddress!, pp = pb.baseAddress!
                    @inline(__always) func mask(_ z: UInt32, _ p: UInt32) -> UInt32 {
                        let neg = ~(z | p) & full
                        switch op {
                        case .equal: return z
                        case .notEqual: return p | neg
                        case .greater: return p
                        case .greaterOrEqual: return p | z
                        case .less: return neg
                        case .lessOrEqual: return neg | z
                        }
                    }
                    if contiguous { for k in 0..<n { o[k] = mask(zp[k], pp[k]) } }
                    else { for k in 0..<n { o[k] = mask(zp[ix[k]], pp[ix[k]]) } }
                }
                }
                }
                stack.append(out)
            case .compare(let s, let op, let v):
                var out = [UInt32](repeating: 0, count: n)
                out.withUnsafeMutableBufferPointer { o in
                    for k in 0..<n { o[k] = MaskProgram.hours(series[s.rawValue] + ix[k] * 24, op, v) }
                }
                stack.append(out)
            case .and, .or:
                let b = stack.removeLast()
                var a = stack.removeLast()
                a.withUnsafeMutableBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        if case .and = step { for k in 0..<n { x[k] &= y[k] } } else { for k in 0..<n { x[k] |= y[k] } }
                    }
                }
                stack.append(a)
            case .not:
                var a = stack.removeLast()
                a.withUnsafeMutableBufferPointer { x in for k in 0..<n { x[k] = ~x[k] & full } }
                stack.append(a)
            }
        }
        var result = stack[0]
        let hm = hours.mask
        if hm != full { result.withUnsafeMutableBufferPointer { x in for k in 0..<n { x[k] &= hm } } }
        return result
    }

    /// Counters that grow without a copy-on-write check per use: one block of Int64, zeroed.
    final class Counters {
        var base: UnsafeMutablePointer<Int64>
        var capacity: Int

        init(_ n: Int) {
            capacity = Swift.max(n, 64)
            base = .allocate(capacity: capacity)
            base.initialize(repeating: 0, count: capacity)
        }

        deinit { base.deallocate() }

        /// Room for `n` counters (the new ones 0).
        @inline(__always)
        func ensure(_ n: Int) {
            guard n > capacity else { return }
            let bigger = Swift.max(n, capacity * 2)
            let b = UnsafeMutablePointer<Int64>.allocate(capacity: bigger)
            b.moveInitialize(from: base, count: capacity)
            (b + capacity).initialize(repeating: 0, count: bigger - capacity)
            base.deallocate()
            base = b
            capacity = bigger
        }
    }

    /// Runs the scan over the days `ix`, filling the groups and slots as the general scan would.
    /// Returns false (having changed nothing) when the groups are not dense or a sum could overflow.
    func run(_ ix: [Int], hours: HourSet, _ ws: Workspace, groups: inout GroupTable, slots: inout [Slot]) -> Bool {
        guard groups.dayKeys.isEmpty || groups.isDense, groups.dayKeys.count <= 1,
              cannotOverflow(ws, cells: ix.count * 24) else { return false }
        let width = groups.hasHour ? 24 : 1
        // Accumulators per (day part, hour) or per day part, grown as parts appear.
        var parts = 0
        let cells = Counters(width), days = Counters(1)
        let summed = kinds.indices.filter { if case .sum = kinds[$0] { return true }; return false }
        let sums = summed.map { _ in Counters(width) }
        let campaigns = ws.entryCampaign, dates = ws.entryDate
        let full = HourSet.all.mask
        let noDayKeys = groups.dayKeys.isEmpty

        ws.withSeries { series in
            let sumSeries: [UnsafePointer<Int64>] = summed.map { k in
                if case .sum(let s) = kinds[k] { return series[s.rawValue] }
                return series[0]
            }
            let masks = dayMasks(ix, hours: hours, ws, series)
            for (k, i) in ix.enumerated() {
                let mask = masks[k]
                if mask == 0 { continue }
                let part: Int
                if noDayKeys { part = 0 } else {
                    let day = DayView(v: DayCells(series, at: i * 24),
                                      date: CivilDate(dayNumber: dates[i]), campaign: campaigns[i])
                    part = groups.dayPart(day, entry: i)
                }
                if part >= parts {
                    parts = part + 1
                    cells.ensure(parts * width)
                    days.ensure(parts)
                    for a in sums { a.ensure(parts * width) }
                }
                days.base[part] &+= 1
                let o = i * 24
                if width == 24 {
                    let cp = cells.base + part * 24
                    if mask == full {
                        for h in 0..<24 { cp[h] &+= 1 }
                        for k in sums.indices {
                            let sp = sums[k].base + part * 24, col = sumSeries[k] + o
                            for h in 0..<24 { sp[h] &+= col[h] }
                        }
                    } else {
                        for h in 0..<24 { cp[h] &+= Int64((mask >> UInt32(h)) & 1) }
                        for k in sums.indices {
                            let sp = sums[k].base + part * 24, col = sumSeries[k] + o
                            for h in 0..<24 { sp[h] &+= col[h] & (0 &- Int64((mask >> UInt32(h)) & 1)) }
                        }
                    }
                } else {
                    cells.base[part] &+= Int64(mask.nonzeroBitCount)
                    for k in sums.indices {
                        let col = sumSeries[k] + o
                        var t: Int64 = 0
                        if mask == full { for h in 0..<24 { t &+= col[h] } }
                        else { for h in 0..<24 { t &+= col[h] & (0 &- Int64((mask >> UInt32(h)) & 1)) } }
                        sums[k].base[part] &+= t
                    }
                }
            }
        }

        // The groups, as the general scan makes them: one per (day part, hour) that had a cell.
        for p in 0..<parts {
            for h in 0..<width where cells.base[p * width + h] > 0 {
                let at = p * width + h
                let g = groups.group(dayPart: p, hour: width == 24 ? h : nil)
                var k = 0
                for s in slots.indices {
                    slots[s].grow(g)
                    slots[s].count[g] = Int(cells.base[at])
                    switch kinds[s] {
                    case .sum: slots[s].sum[g] = sums[k].base[at]; k += 1
                    case .count: slots[s].sum[g] = 0
                    // With an hour key a day counts once in each hour group it has a cell in.
                    case .countDays: slots[s].count[g] = width == 24 ? Int(cells.base[at]) : Int(days.base[p])
                    }
                }
            }
        }
        return true
    }
}

extension Evaluator {
    /// `top N days by METRIC` (and `bottom`, and any `sum SERIES by day … order by 2 … limit N`):
    /// each day's sum in one pass over the series, the best N kept as they come — no group per
    /// day is made. Nil when the query is not of that shape or a sum could overflow.
    func topDays(_ q: Query, _ ix: [Int], hours: HourSet, _ ws: Workspace) -> Value? {
        guard q.by == [.day], q.columns.count == 1, q.having == nil, !q.pivot, !q.dropNullRows,
              let limit = q.limit, limit <= 100, let order = q.order,
              case .aggregate(.of(.sum, let metric, perDay: false)) = q.columns[0].expr, let series = metric.series else { return nil }
        switch order.target {
        case .position(2): break
        case .name(let n) where n == q.columns[0].name: break
        default: return nil
        }
        guard let scan = ColumnScan([Slot(.sumInt(metric))], filter: q.filter), scan.cannotOverflow(ws, cells: 24) else { return nil }
        let rank = ws.campaignRankByIndex
        let campaigns = ws.entryCampaign, dates = ws.entryDate
        let descending = order.descending
        // The best so far, best first; ties in key order (campaign in byte order, then date).
        var best: [(value: Int64, entry: Int)] = []
        best.reserveCapacity(limit + 1)
        /// Days left out whose sum equals the last kept day's.
        var tied = 0
        func before(_ a: (value: Int64, entry: Int), _ b: (value: Int64, entry: Int)) -> Bool {
            if a.value != b.value { return descending ? a.value > b.value : a.value < b.value }
            let ra = rank[Int(campaigns[a.entry])], rb = rank[Int(campaigns[b.entry])]
            return ra != rb ? ra < rb : dates[a.entry] < dates[b.entry]
        }
        let full = HourSet.all.mask
        ws.withSeries { all in
            let masks = scan.dayMasks(ix, hours: hours, ws, all)
            let column = all[series.rawValue]
            for (k, i) in ix.enumerated() {
                let mask = masks[k]
                if mask == 0 { continue } // no cell: no group, as in the general scan
                let col = column + i * 24
                var t: Int64 = 0
                if mask == full { for h in 0..<24 { t &+= col[h] } }
                else { for h in 0..<24 { t &+= col[h] & (0 &- Int64((mask >> UInt32(h)) & 1)) } }
                let candidate = (value: t, entry: i)
                if best.count == limit, let last = best.last, !before(candidate, last) {
                    if candidate.value == last.value { tied += 1 }
                    continue
                }
                var at = best.count
                while at > 0, before(candidate, best[at - 1]) { at -= 1 }
                best.insert(candidate, at: at)
                if best.count > limit {
                    // The day pushed out ties the new last day, or nothing left out does.
                    let out = best.removeLast()
                    tied = out.value == best.last?.value ? tied + 1 : 0
                }
            }
        }
        let rows: [[Cell]] = best.map { [.text("\(ws.campaignNames[Int(campaigns[$0.entry])])@\(CivilDate(dayNumber: dates[$0.entry]))"), .int($0.value)] }
        return .table(Table(columns: ["day", q.columns[0].name], rows: rows,
                            title: selectionTitle(ix, ws, hours, q.filterText) + (tied > 0 && !best.isEmpty ? " " + Tie(more: tied, value: .int(best[best.count - 1].value)).phrase : "")))
    }
}
