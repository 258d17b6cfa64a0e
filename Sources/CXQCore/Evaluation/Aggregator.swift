/// The arithmetic of aggregates: exact integer sums, decimal averages and ratios, nulls.
public enum Aggregator {
    /// One aggregate over every (day, hour) cell selected.
    ///
    /// `cpr` with `sum` or `avg` is Σcredits / Σresults over the selection (null with no
    /// results); with `min`, `max` and `median` it is taken over the hours that have results.
    public static func compute<S: Sequence>(_ agg: Aggregate, _ metric: Metric, days: S,
                                            hours: HourSet) throws(QueryError) -> Number where S.Element: HourlyValues {
        if metric == .cpr {
            if agg == .sum || agg == .avg {
                var c: Int64 = 0, r: Int64 = 0
                for d in days {
                    for h in hours {
                        let (x, o1) = c.addingReportingOverflow(d.value(.credits, h))
                        let (y, o2) = r.addingReportingOverflow(d.value(.results, h))
                        if o1 || o2 { throw QueryError(.overflow("the \(o1 ? "credits" : "results") summed for cpr"), nil) }
                        c = x
                        r = y
                    }
                }
                return .ratio(c, r)
            }
            var ratios: [Double] = []
            for d in days {
                for h in hours where d.value(.results, h) != 0 {
                    ratios.append(Double(d.value(.credits, h)) / Double(d.value(.results, h)))
                }
            }
            guard !ratios.isEmpty else { return .null }
            switch agg {
            case .min: return .double(ratios.min()!)
            case .max: return .double(ratios.max()!)
            case .median: return .double(median(ratios.sorted()))
            case .sum, .avg: preconditionFailure("sum and avg of cpr are the ratio of sums, above")
            }
        }
        switch agg {
        case .sum, .avg:
            // One checked-sum rule for both, with the query engine's messages (`Slot.finish`): an
            // average whose sum does not fit is an error, never an approximation.
            var sum: Int64 = 0
            var count = 0
            var overflowed = false
            for d in days {
                for h in hours {
                    let (s, o) = sum.addingReportingOverflow(metric.integer(in: d, hour: h)!)
                    overflowed = overflowed || o
                    sum = s
                    count += 1
                }
            }
            if overflowed {
                throw QueryError(.overflow(agg == .sum ? "the sum of \(metric.rawValue)" : "the sum of \(metric.rawValue) behind the average"), nil)
            }
            if agg == .sum { return .int(sum) }
            guard count > 0 else { return .null }
            return .double(Double(sum) / Double(count))
        case .min, .max:
            var best: Int64?
            for d in days {
                for h in hours {
                    let v = metric.integer(in: d, hour: h)!
                    if let b = best { best = agg == .min ? Swift.min(b, v) : Swift.max(b, v) } else { best = v }
                }
            }
            return best.map { .int($0) } ?? .null
        case .median:
            var values: [Int64] = []
            for d in days { for h in hours { values.append(metric.integer(in: d, hour: h)!) } }
            guard !values.isEmpty else { return .null }
            return .double(median(values.sorted().map { Double($0) }))
        }
    }

    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// Orders numbers; null is below every number. Returns -1, 0 or 1.
    public static func compare(_ a: Number, _ b: Number) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default:
            let x = a.doubleValue!, y = b.doubleValue!
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// `[A − B, (A − B) / |B| × 100]`; Δ% is null when B is 0, and both are null when either
    /// side is null.
    public static func delta(_ a: Number, _ b: Number) -> [Number] {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (d, o) = x.subtractingReportingOverflow(y)
            let diff: Number = o ? .double(Double(x) - Double(y)) : .int(d)
            return [diff, y == 0 ? .null : .double((Double(x) - Double(y)) / Double(y.magnitude) * 100)]
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return [.null, .null] }
            return [.double(x - y), y == 0 ? .null : .double((x - y) / abs(y) * 100)]
        }
    }
}
