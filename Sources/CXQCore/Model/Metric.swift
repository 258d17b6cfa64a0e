/// A quantity the language can ask about, per (day, hour) cell.
public enum Metric: String, Sendable, CaseIterable, Equatable {
    case credits, results
    case creditsChange = "credits_change"
    case resultsChange = "results_change"
    case creditsPrev = "credits_prev"
    case resultsPrev = "results_prev"
    case cpr

    /// The names users type, for parsing and suggestions.
    public static let names: [String] = Metric.allCases.map(\.rawValue)

    /// Looks a metric up by its name, ignoring case.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The integer value of this metric at one hour of a day, or nil for `cpr`
    /// (a ratio, computed from sums instead).
    @inline(__always)
    public func integer<D: HourlyValues>(in day: D, hour h: Int) -> Int64? {
        switch self {
        case .credits: return day.value(.credits, h)
        case .results: return day.value(.results, h)
        case .creditsChange: return day.value(.creditsChange, h)
        case .resultsChange: return day.value(.resultsChange, h)
        case .creditsPrev: return day.value(.credits, h) &- day.value(.creditsChange, h)
        case .resultsPrev: return day.value(.results, h) &- day.value(.resultsChange, h)
        case .cpr: return nil
        }
    }

    /// The value shown for one cell: an integer, or for `cpr` the ratio of that hour (null
    /// when the hour has no results).
    public func cell(in day: Day, hour h: Int) -> Number {
        if let v = integer(in: day, hour: h) { return .int(v) }
        return Number.ratio(day.value(.credits, h), day.value(.results, h))
    }
}

/// A number as the language produces it: exact integers, decimals, or null (a value that does
/// not exist, such as Δ% against 0 or cpr with no results).
public enum Number: Sendable, Equatable {
    case int(Int64)
    case double(Double)
    case null

    /// `a / b`, or null when `b` is 0.
    public static func ratio(_ a: Int64, _ b: Int64) -> Number {
        b == 0 ? .null : .double(Double(a) / Double(b))
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let d): return d
        case .null: return nil
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
        case .creditsPrev, .resultsPrev, .cpr: return nil
        }
    }
}
