/// Days a `load` needs: the core says which, the shell fetches them, the core takes them in.
public struct FetchPlan: Sendable, Equatable {
    public var campaign: String
    /// The days to fetch, in order; nil asks the source for its latest day.
    public var dates: [CivilDate]?
    public var name: String?
    public var refresh: Bool
}

/// How one requested day turned out.
public enum FetchResult: Sendable {
    case success(Day)
    /// What went wrong (one sentence saying what to try) and the kind of failure.
    case failure(date: CivilDate?, reason: String, category: ErrorCategory)
}

/// Work that needs the outside world; the shell performs it and reports back.
public enum Effect: Sendable, Equatable {
    case fetch(FetchPlan)
    /// Write bytes to a file (`export … to`, `save`); `summary` is the message on success.
    case write(path: String, contents: [UInt8], summary: String)
    /// Read a day file and add its days (`open`).
    case open(path: String)
    /// Run the commands in a file (`read`).
    case run(path: String)
    case history
    case profile(String?)
    case cache(clear: Bool)
    case watch(seconds: Int, Statement)
    case quit
}

/// The result of evaluating one statement: a value to show, or an effect to perform.
public enum Outcome: Sendable, Equatable {
    case value(Value)
    case effect(Effect)
}
