/// Everything a session's commands read and change: the workspace and the settings.
public struct SessionState: Sendable {
    public var workspace = Workspace()
    public var settings = Settings()
    /// Days fetched only as the B side of a comparison or as a baseline: they do not join the
    /// workspace (decision 15). A nil value records a day the source has no data for.
    public var sideDays: [DayKey: Day?] = [:]
    /// Why a side day has no data, as the source said it (the server's own words on a 404).
    public var sideMissing: [DayKey: String] = [:]

    public init() {}
}

/// A campaign's day, as a key.
public struct DayKey: Hashable, Sendable, Comparable {
    public var campaign: String
    public var date: CivilDate
    public init(_ campaign: String, _ date: CivilDate) { self.campaign = campaign; self.date = date }
    public var label: String { "\(campaign)@\(date)" }

    /// Campaign id in byte order, then date.
    public static func < (a: DayKey, b: DayKey) -> Bool {
        a.campaign == b.campaign ? a.date < b.date : Array(a.campaign.utf8).lexicographicallyPrecedes(Array(b.campaign.utf8))
    }
}
