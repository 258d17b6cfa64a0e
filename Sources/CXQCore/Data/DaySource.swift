/// Where `load` gets days from: built-in demo data now, the CloserX API later.
///
/// The session performs fetches through this protocol; evaluation never does. A fetch
/// blocks its calling thread: the shell calls it from worker threads of its own, several at
/// once, so implementations must be safe to call concurrently.
public protocol DaySource: Sendable {
    /// A short description for messages (`demo data`, `https://… (acme)`), never a secret.
    var description: String { get }
    /// Fetches one day. Throws an error whose `sentence` (see `UserFacingError`) says what
    /// went wrong.
    func fetch(_ request: DayRequest) throws -> Day
    /// True when `fetch` would have to ask the server (no fresh copy is stored): what
    /// `set fetch_limit` counts.
    func mustFetch(_ request: DayRequest) -> Bool
}

extension DaySource {
    public func mustFetch(_ request: DayRequest) -> Bool { true }
}

/// One day asked of a source.
public struct DayRequest: Sendable {
    public var campaign: String
    /// The day; nil asks for the source's latest day.
    public var date: CivilDate?
    /// Skip any local copy.
    public var refresh: Bool
    /// Today in the session's time zone (a store keeps today's copy only briefly).
    public var today: CivilDate
    /// True once the user cancelled (Ctrl-C); sources stop waiting when it turns true.
    public var isCancelled: @Sendable () -> Bool

    public init(campaign: String, date: CivilDate?, refresh: Bool, today: CivilDate,
                isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.campaign = campaign
        self.date = date
        self.refresh = refresh
        self.today = today
        self.isCancelled = isCancelled
    }
}

/// An error that can explain itself in one sentence and says what kind of failure it is.
public protocol UserFacingError: Error {
    var sentence: String { get }
    var category: ErrorCategory { get }
    /// True when the source has no data for the day asked for (a 404), as opposed to failing.
    var isNotFound: Bool { get }
    /// True when every other day asked of the same source would fail the same way (the server
    /// refused the connection, its name does not resolve): a command's remaining days then
    /// fail at once with this reason.
    var failsTheRest: Bool { get }
}

extension UserFacingError {
    public var isNotFound: Bool { false }
    public var failsTheRest: Bool { false }
}
