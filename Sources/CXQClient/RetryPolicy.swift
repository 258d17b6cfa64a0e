/// When to try again: at most `maxRetries` more attempts, exponential backoff with full
/// jitter for 5xx and connection failures, `Retry-After` (capped) for 429, and a cap on the
/// whole time spent.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries = 3
    /// The first backoff in seconds; doubled each retry.
    public var baseDelay = 0.25
    public var maxDelay = 4.0
    /// The longest `Retry-After` honoured, in seconds.
    public var retryAfterCap = 10.0
    /// The longest a fetch may take, retries and waits included.
    public var totalCap = 60.0

    public init() {}

    /// Seconds to wait before retry number `attempt` (1-based), given a `Retry-After` value in
    /// seconds when the server sent one; `random` gives a number in [0, 1).
    public func delay(attempt: Int, retryAfter: Double?, random: () -> Double) -> Double {
        if let retryAfter { return max(0, min(retryAfter, retryAfterCap)) }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        return ceiling * random()
    }

    /// Parses `Retry-After` as whole seconds (the HTTP-date form is treated as absent).
    public static func parseRetryAfter(_ value: String?) -> Double? {
        guard let v = value?.trimmingSpaces, let n = Int(v), n >= 0 else { return nil }
        return Double(n)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
