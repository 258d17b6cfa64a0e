/// Which lines may be kept in the history file: never one that carries a secret.
public enum HistoryPolicy {
    /// False for blank lines, lines holding a known secret (the API key in use), and lines
    /// that look like they set one (`api_key=…`, `CLOSERX_API_KEY …`, `token: …`).
    public static func shouldRecord(_ line: String, secrets: [String]) -> Bool {
        let trimmed = line.trimmingBlanks
        guard !trimmed.isEmpty else { return false }
        for s in secrets where s.count >= 4 && line.contains(s) { return false }
        let lower = line.lowercased()
        for marker in ["api_key", "api-key", "apikey", "closerx_api_key", "password", "secret", "token", "bearer "] {
            if lower.contains(marker) { return false }
        }
        return true
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
