import CXQCore

/// Serves built-in demo days from the deterministic generator: any campaign, any date.
public struct DemoSource: DaySource {
    let clock: any CalendarClock
    let now: @Sendable () -> Int64

    /// A demo source; `now` stamps the days' fetch time.
    public init(clock: any CalendarClock, now: @escaping @Sendable () -> Int64 = { SystemClock.now() }) {
        self.clock = clock
        self.now = now
    }

    public var description: String { "built-in demo data" }

    /// Demo days are made, never fetched.
    public func mustFetch(_ request: DayRequest) -> Bool { false }

    public func fetch(_ request: DayRequest) throws -> Day {
        var day = DemoGenerator.day(campaign: request.campaign, date: request.date ?? request.today)
        day.fetchedAt = now()
        return day
    }
}
