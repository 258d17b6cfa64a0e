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
        var title = selectionTitle(ix, ws, hours, q.filterText)
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

    /// What a table's title says was selected: the days (up to three by name), the hours (`all
    /// hours` only when nothing restricted the cells) and the `where` condition as written.
    func selectionTitle(_ ix: [Int], _ ws: Workspace, _ hours: HourSet, _ filter: String?) -> String {
        let days = ix.count <= 3 ? ix.map { ws.entries[$0].info.label }.joined(separator: ", ") : plural(ix.count, "day")
        return (days.isEmpty ? "no days" : days) + ", " + hours.selection(where: filter)
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
}
