/// What the core needs to know of the clock: which day today is in a time zone.
public protocol CalendarClock: Sendable {
    /// Today in `tz` (a zone name such as `Europe/Paris`; nil for the machine's zone).
    func today(in tz: String?) -> CivilDate
    /// True when `tz` names a time zone this machine knows.
    func isKnownZone(_ tz: String) -> Bool
}

/// A clock stopped on one day, for tests and reproducible runs.
public struct FixedClock: CalendarClock {
    public var date: CivilDate
    public init(_ date: CivilDate) { self.date = date }
    public func today(in tz: String?) -> CivilDate { date }
    public func isKnownZone(_ tz: String) -> Bool { ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"].contains(tz) }
}
