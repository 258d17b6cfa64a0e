/// Many days of one origin, column by column: the form a day file is read into, and what the
/// workspace takes over whole. No per-day object is kept.
public struct DayBatch: Sendable {
    /// `columns[series][i * 24 + hour]`, as in the workspace.
    public private(set) var columns: [[Int64]] = [[], [], [], []]
    /// Each day's campaign, as an index into `campaignNames` (an id is kept once, not per day).
    public private(set) var campaignOf: [Int32] = []
    private var campaignIDs = Interner<String>()
    public var campaignNames: [String] { campaignIDs.values }
    public private(set) var dates: [CivilDate] = []
    public let origin: DayOrigin
    public let sourceDetail: String
    public let fetchedAt: Int64?

    public init(origin: DayOrigin, sourceDetail: String, fetchedAt: Int64?) {
        self.origin = origin
        self.sourceDetail = sourceDetail
        self.fetchedAt = fetchedAt
    }

    public var count: Int { dates.count }
    public var isEmpty: Bool { dates.isEmpty }

    public mutating func reserve(_ n: Int) {
        for s in 0..<4 { columns[s].reserveCapacity(n * 24) }
        campaignOf.reserveCapacity(n)
        dates.reserveCapacity(n)
    }

    public mutating func append(_ day: Day) {
        for s in 0..<4 { columns[s].append(contentsOf: day.values[(s * 24)..<(s * 24 + 24)]) }
        campaignOf.append(campaignID(day.campaign))
        dates.append(day.date)
    }

    /// The index of a campaign id, added when new.
    public mutating func campaignID(_ campaign: String) -> Int32 { campaignIDs.id(campaign) }

    /// The campaign id of the day at `i`.
    public func campaign(_ i: Int) -> String { campaignIDs[campaignOf[i]] }

    /// The day at `i`, as a value.
    public func day(_ i: Int) -> Day {
        Day(campaign: campaign(i), date: dates[i], values: Day.values(fromColumns: columns, at: i), origin: origin, sourceDetail: sourceDetail, fetchedAt: fetchedAt)
    }

    public var days: [Day] { (0..<count).map(day) }
}
