/// Days a command needs from the source: the core says which, the shell fetches them, the core
/// takes them in (`Evaluator.absorb`).
public struct FetchPlan: Sendable, Equatable {
    /// What the fetched days are for.
    public enum Purpose: Sendable, Equatable {
        /// `load`: the days join the workspace, the last becomes current, `as NAME` names them all.
        case load(name: String?)
        /// Days a day set names: they join the workspace (all or none), the current day stays,
        /// and the statement runs again.
        case autoload
        /// The B side of a comparison or a baseline: kept beside the workspace, not in it; the
        /// statement runs again.
        case side
    }

    /// One day to fetch; a nil date asks the source for its latest day.
    public struct Request: Sendable, Equatable {
        public var campaign: String
        public var date: CivilDate?
        public init(campaign: String, date: CivilDate?) { self.campaign = campaign; self.date = date }
    }

    /// In order: campaign as listed, then date (decision 16).
    public var requests: [Request]
    public var refresh: Bool
    public var purpose: Purpose
    /// With `autoload`: requests that are side days (a baseline asked for in the same round
    /// trip as the days themselves, so that all are fetched concurrently).
    public var sideKeys: Set<DayKey>

    public init(requests: [Request], refresh: Bool = false, purpose: Purpose, sideKeys: Set<DayKey> = []) {
        self.requests = requests
        self.refresh = refresh
        self.purpose = purpose
        self.sideKeys = sideKeys
    }
}

/// How one requested day turned out.
public enum FetchResult: Sendable {
    case success(Day)
    /// What went wrong; `notFound` when the source has no data for that day (a 404).
    case failure(FailedDay, notFound: Bool)
}

/// Work that needs the outside world; the shell performs it and reports back.
public enum Effect: Sendable, Equatable {
    case fetch(FetchPlan)
    /// Write bytes to a file (`export … to`, `save`); `summary` is the message on success.
    case write(path: String, contents: [UInt8], summary: String)
    /// Write hive-style partition files under a folder (`export … partitioned`): each written
    /// atomically; each partition folder written keeps only its new part file.
    case writePartitioned(root: String, parts: [Exporter.Partition], summary: String)
    /// Read a day file and add its days (`open`).
    case open(path: String)
    /// Run the commands in a file (`read`).
    case run(path: String)
    case history
    case profile(String?)
    case cache(clear: Bool)
    case watch(seconds: Int, [Statement])
    case quit
}

/// The result of evaluating one statement: a value to show, or an effect to perform.
public enum Outcome: Sendable, Equatable {
    case value(Value)
    case effect(Effect)
}
