import CXQCore

/// Serves built-in demo days from the deterministic generator: any campaign, any date.
public struct DemoSource: DaySource {
    let clock: any CalendarClock

    public init(clock: any CalendarClock) { self.clock = clock }

    public var description: String { "built-in demo data" }

    public func fetch(campaign: String, date: CivilDate?, refresh: Bool) async throws -> Day {
        var day = DemoGenerator.day(campaign: campaign, date: date ?? clock.today(in: nil))
        day.fetchedAt = SystemClock.now()
        return day
    }
}
