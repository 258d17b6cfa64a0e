/// Where `load` gets days from: built-in demo data now, the CloserX API later.
///
/// The session performs fetches through this protocol; evaluation never does. A fetch
/// blocks its calling thread: the shell calls it from worker threads of its own, several at
/// once, so implementations must be safe to call concurrently.
public protocol DaySource: Sendable {
    /// A short description for messages (`demo data`, `https://… (acme)`), never a secret.
    var description: String { get }
    /// Fetches one day; a nil date asks for the source's latest day.
    /// Throws an error whose `sentence` (see `UserFacingError`) says what went wrong.
    func fetch(campaign: String, date: CivilDate?, refresh: Bool) throws -> Day
}

/// An error that can explain itself in one sentence.
public protocol UserFacingError: Error {
    var sentence: String { get }
}
