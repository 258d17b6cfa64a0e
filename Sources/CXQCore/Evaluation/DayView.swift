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
