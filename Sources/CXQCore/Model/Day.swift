/// Where a day in the workspace came from.
public enum DayOrigin: String, Sendable, Equatable {
    case api, cache, demo, file
}

/// What the workspace keeps of a day besides its hourly values (those live in its columns).
public struct DayInfo: Sendable, Equatable {
    public var campaign: String
    public var date: CivilDate
    public var origin: DayOrigin
    public var sourceDetail: String
    public var fetchedAt: Int64?

    public init(campaign: String, date: CivilDate, origin: DayOrigin, sourceDetail: String, fetchedAt: Int64?) {
        self.campaign = campaign
        self.date = date
        self.origin = origin
        self.sourceDetail = sourceDetail
        self.fetchedAt = fetchedAt
    }

    /// `campaign@YYYY-MM-DD`.
    public var label: String { "\(campaign)@\(date)" }
}

/// Anything that has a day's hourly values: a `Day`, or a day read in place from the
/// workspace's columns (`Workspace.ColumnDay`).
public protocol HourlyValues {
    func value(_ series: Day.Series, _ hour: Int) -> Int64
}

/// One campaign's day: 24 hourly values of each API series, stored contiguously.
public struct Day: Sendable, Equatable, HourlyValues {
    /// The four series the API returns, in storage order.
    public enum Series: Int, Sendable, CaseIterable {
        case credits = 0, creditsChange, results, resultsChange

        /// The API's field name for this series.
        public var fieldName: String {
            switch self {
            case .credits: return "credit_deductions"
            case .creditsChange: return "credit_deductions_change"
            case .results: return "campaign_results"
            case .resultsChange: return "campaign_results_change"
            }
        }
    }

    public var campaign: String
    public var date: CivilDate
    /// 96 values: series-major, hour-minor (`series * 24 + hour`).
    public var values: [Int64]
    public var origin: DayOrigin
    /// Free text naming the source (a base URL and company, a file path); never a secret.
    public var sourceDetail: String
    /// Unix seconds at which the day was fetched or read, when known.
    public var fetchedAt: Int64?

    public init(campaign: String, date: CivilDate,
                credits: [Int64], creditsChange: [Int64], results: [Int64], resultsChange: [Int64],
                origin: DayOrigin, sourceDetail: String = "", fetchedAt: Int64? = nil) {
        precondition(credits.count == 24 && creditsChange.count == 24 && results.count == 24 && resultsChange.count == 24)
        self.campaign = campaign
        self.date = date
        self.values = credits + creditsChange + results + resultsChange
        self.origin = origin
        self.sourceDetail = sourceDetail
        self.fetchedAt = fetchedAt
    }

    /// The 96 values of the day at position `i` of series columns (`columns[s][i * 24 + h]`).
    static func values(fromColumns columns: [[Int64]], at i: Int) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(96)
        for s in 0..<4 { values.append(contentsOf: columns[s][(i * 24)..<(i * 24 + 24)]) }
        return values
    }

    /// What the workspace keeps besides the values.
    public var info: DayInfo { DayInfo(campaign: campaign, date: date, origin: origin, sourceDetail: sourceDetail, fetchedAt: fetchedAt) }

    /// A day from its 96 values, series-major.
    init(campaign: String, date: CivilDate, values: [Int64], origin: DayOrigin, sourceDetail: String, fetchedAt: Int64?) {
        precondition(values.count == 96)
        self.campaign = campaign
        self.date = date
        self.values = values
        self.origin = origin
        self.sourceDetail = sourceDetail
        self.fetchedAt = fetchedAt
    }

    @inline(__always)
    public func value(_ series: Series, _ hour: Int) -> Int64 { values[series.rawValue &* 24 &+ hour] }

    /// The 24 values of one series.
    public func series(_ s: Series) -> ArraySlice<Int64> { values[(s.rawValue * 24)..<(s.rawValue * 24 + 24)] }

    /// `campaign@YYYY-MM-DD`.
    public var label: String { "\(campaign)@\(date)" }

    /// The day's campaign and date.
    public var key: DayKey { DayKey(campaign, date) }

    /// Σ of one series over all hours. Days read from any source have passed
    /// `overflowProblem`, so this cannot overflow for them; it is checked all the same.
    public func total(_ s: Series) throws(QueryError) -> Int64 {
        var t: Int64 = 0
        for h in 0..<24 {
            let (x, o) = t.addingReportingOverflow(value(s, h))
            if o { throw QueryError(.overflow("the total of \(s.fieldName) of \(label)"), nil) }
            t = x
        }
        return t
    }

    /// Why a day's own arithmetic would overflow 64 bits — a series' total over the day, or a
    /// previous-period value (`credits − credits_change`) — or nil. Every decoder rejects such
    /// a day, so per-day totals and the `_prev` metrics are exact for every day held.
    public static func overflowProblem(_ values: [Int64]) -> String? {
        for s in Series.allCases {
            var t: Int64 = 0
            for h in 0..<24 {
                let (x, o) = t.addingReportingOverflow(values[s.rawValue * 24 + h])
                if o { return "field '\(s.fieldName)' adds up to more than 64 bits over the day" }
                t = x
            }
        }
        for (now, change) in [(Series.credits, Series.creditsChange), (.results, .resultsChange)] {
            for h in 0..<24 where values[now.rawValue * 24 + h].subtractingReportingOverflow(values[change.rawValue * 24 + h]).overflow {
                return "field '\(now.fieldName)' minus '\(change.fieldName)' at hour \(h) (the previous period) does not fit in 64 bits"
            }
        }
        return nil
    }
}
