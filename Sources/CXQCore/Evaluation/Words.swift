/// `1 day`, `3 days`.
/// Prose groups thousands (`1,308 days`); tables and csv never do.
public func plural(_ n: Int, _ word: String) -> String {
    n == 1 ? "1 \(word)" : "\(n < 1000 && n > -1000 ? String(n) : Evaluator.grouped(n)) \(word)s"
}

/// Formats Unix seconds without Foundation.
public enum Timestamp {
    /// `2026-11-29T09:03:22Z`.
    public static func iso(_ unix: Int64) -> String {
        let days = unix >= 0 ? unix / 86_400 : (unix - 86_399) / 86_400
        let secs = Int(unix - days * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(CivilDate(dayNumber: Int32(days)))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }
}
