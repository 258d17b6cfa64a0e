/// The workspace commands that read it hour by hour: `days`, `show`, `peak`, `top N hours`.
extension Evaluator {

    func daysTable(_ ws: Workspace) throws(QueryError) -> Value {
        let cur = ws.currentNumber
        var rows: [[Cell]] = []
        rows.reserveCapacity(ws.entries.count)
        for (i, e) in ws.entries.enumerated() {
            let name = ws.names(of: e.number).map { "$" + $0 }.joined(separator: " ")
            let credits = try ws.total(.credits, at: i), results = try ws.total(.results, at: i)
            let d = e.info
            let row: [Cell] = [.int(Int64(e.number)), .text(e.number == cur ? "*" : ""), .text(name), .text(d.campaign),
                               .text(d.date.description), .int(credits), .int(results), .text(d.origin.rawValue),
                               .text(d.sourceDetail), d.fetchedAt.map { .text(Timestamp.iso($0)) } ?? .null]
            rows.append(row)
        }
        var t = Table(columns: ["#", "current", "name", "campaign", "date", "credits", "results", "source", "from", "fetched"],
                      rows: rows, title: ws.isEmpty ? "the workspace is empty" : nil)
        t.narrowDrops = [8, 9, 2, 7]
        return .table(t)
    }

    func show(_ set: DaySet?, _ hours: HourSet, _ metrics: [Metric], _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(set, ws)
        let ms = metrics.isEmpty ? [Metric.credits, .creditsChange, .results, .resultsChange] : metrics
        let many = ix.count > 1
        var rows: [[Cell]] = []
        rows.reserveCapacity(ix.count * hours.count)
        for i in ix {
            let d = ws.day(at: i)
            for h in hours {
                var row: [Cell] = many ? [.text(d.label), .int(Int64(h))] : [.int(Int64(h))]
                for m in ms { row.append(Cell(m.cell(in: d, hour: h))) }
                rows.append(row)
            }
        }
        let cols = (many ? ["day", "hour"] : ["hour"]) + ms.map(\.rawValue)
        let title = many ? "\(plural(ix.count, "day")), \(hours.label)" : "\(ws.entries[ix[0]].info.label), \(hours.label)"
        return .table(Table(columns: cols, rows: rows, title: title))
    }

    /// Every selected (day, hour) cell with its value; null cells left out.
    func cells(_ metric: Metric, _ ix: [Int], _ hours: HourSet, _ ws: Workspace) -> [(day: Day, hour: Int, value: Number, order: Int)] {
        var out: [(Day, Int, Number, Int)] = []
        var k = 0
        for i in ix {
            let d = ws.day(at: i)
            for h in hours {
                let v = metric.cell(in: d, hour: h)
                if v != .null { out.append((d, h, v, k)) }
                k += 1
            }
        }
        return out
    }

    func peak(_ metric: Metric, _ of: DaySet?, _ hours: HourSet, _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(of, ws)
        let all = cells(metric, ix, hours, ws)
        var best: [(day: Day, hour: Int, value: Number, order: Int)] = []
        for c in all {
            guard let first = best.first else { best = [c]; continue }
            switch Aggregator.compare(c.value, first.value) {
            case 1: best = [c]
            case 0: best.append(c)
            default: break
            }
        }
        let rows: [[Cell]] = best.map { [.text($0.day.label), .int(Int64($0.hour)), Cell($0.value)] }
        return .table(Table(columns: ["day", "hour", metric.rawValue], rows: rows,
                            title: rows.isEmpty ? "no hour has a \(metric.rawValue) value" : "peak \(metric.rawValue), \(hours.label)"))
    }

    func top(_ n: Int, _ metric: Metric, _ of: DaySet?, _ hours: HourSet, _ ws: Workspace) throws(QueryError) -> Value {
        let ix = try indices(of, ws)
        let sorted = cells(metric, ix, hours, ws).sorted {
            let c = Aggregator.compare($0.value, $1.value)
            return c == 0 ? $0.order < $1.order : c > 0
        }
        let rows: [[Cell]] = sorted.prefix(n).enumerated().map { k, c in
            [.int(Int64(k + 1)), .text(c.day.label), .int(Int64(c.hour)), Cell(c.value)]
        }
        var title = "top \(n) hours by \(metric.rawValue), \(hours.label)"
        if sorted.count > n {
            let last = sorted[n - 1].value
            let more = sorted[n...].prefix { Aggregator.compare($0.value, last) == 0 }.count
            if more > 0 { title += " " + Tie(more: more, value: Cell(last)).phrase }
        }
        return .table(Table(columns: ["rank", "day", "hour", metric.rawValue], rows: rows, title: title))
    }
}
