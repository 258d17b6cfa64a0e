import CXQCore

/// Everything that can go wrong asking CloserX for a day, each with one sentence saying
/// what happened and what to try. None carries the key.
public enum ClientError: Error, UserFacingError, Equatable {
    public enum Unreachable: Sendable, Equatable { case refused, unresolved }

    case configuration(String)
    case status(Int, reason: String, retries: Int, company: String, campaign: String)
    /// A 404: the source has no such day — or, when its own detail says so, no such campaign.
    /// `detail` is the server's short explanation (the JSON `detail` field), cleaned.
    case notFound(detail: String?, company: String, campaign: String)
    case htmlPage(status: Int)
    case invalidJSON(String)
    case invalidAnswer(String)
    case wrongDate(asked: String, answered: String)
    case timeout(seconds: Int)
    case connectTimeout(host: String, seconds: Int)
    case connectionFailed(host: String, detail: String, retries: Int)
    /// The server refused the connection, or its name does not resolve: every other request
    /// to it would fail the same way, so a command's remaining days fail at once.
    case unreachable(host: String, Unreachable)
    case dropped(retries: Int)
    case tooLarge(limit: Int)
    case redirectElsewhere(String)
    case tooManyRedirects
    case cancelled
    case totalTimeExceeded(seconds: Int, last: String)

    public var sentence: String {
        func after(_ n: Int) -> String { n == 0 ? "" : " after \(n) \(n == 1 ? "retry" : "retries")" }
        switch self {
        case .configuration(let s): return s
        case .status(let code, let reason, let retries, let company, let campaign):
            switch code {
            case 401: return "the server answered 401 Unauthorized: the API key was not accepted; check CLOSERX_API_KEY or the profile's key"
            case 403: return "the server answered 403 Forbidden: the key may not read company '\(company)'; check CLOSERX_COMPANY or the profile"
            case 429: return "the server answered 429 Too Many Requests\(after(retries)): it is rate-limiting; wait a minute or lower 'set concurrency'"
            case 500...599: return "the server answered \(code) \(reason)\(after(retries)); CloserX may be having trouble, try again later"
            default: return "the server answered \(code) \(reason); the request was not accepted"
            }
        case .notFound(let detail, let company, let campaign):
            guard let detail else {
                return "the server answered 404 Not Found without saying why, as a wrong base URL does; check CLOSERX_BASE_URL or the profile's base_url"
            }
            let said = "the server said: \"\(detail)\""
            if ClientError.namesUnknownCampaign(detail) {
                return "company '\(company)' has no campaign '\(campaign)' (\(said)); check the campaign id"
            }
            return "no data at the source (\(said))"
        case .htmlPage(let status):
            return "the server answered \(status) with an HTML page instead of JSON; a proxy may be in the way, or the base URL is not the API"
        case .invalidJSON(let detail):
            return "the answer is not valid JSON: \(detail)"
        case .invalidAnswer(let detail):
            return "the answer was rejected: \(detail)"
        case .wrongDate(let asked, let answered):
            return "the server answered with \(answered) when \(asked) was asked for; the day was not stored"
        case .timeout(let s):
            return "no answer within \(s) s; the server may be overloaded, try again later"
        case .connectTimeout(let host, let s):
            return "could not connect to \(host) within \(s) s; check the network and the base URL"
        case .connectionFailed(let host, let detail, let retries):
            return "could not connect to \(host)\(after(retries)): \(detail); check that the server is up and the base URL is right"
        case .unreachable(let host, .refused):
            return "could not connect to \(host): connection refused; check that the server is up and the base URL is right"
        case .unreachable(let host, .unresolved):
            return "could not connect to \(host): the host name could not be resolved; check the base URL and the network"
        case .dropped(let retries):
            return "the connection was dropped before the answer was complete\(after(retries)); try again"
        case .tooLarge(let limit):
            return "the answer is larger than \(limit / 1024) KiB, far more than a day needs; refusing it"
        case .redirectElsewhere(let origin):
            return "the server redirected to \(origin), another server; the key is not sent there"
        case .tooManyRedirects:
            return "the server redirected more than 3 times; check the base URL"
        case .cancelled:
            return "cancelled"
        case .totalTimeExceeded(let s, let last):
            return "gave up after \(s) s of retrying; the last problem: \(last)"
        }
    }

    /// Refused credentials are `auth`; a configuration that cannot work is `config`; the rest `fetch`.
    public var category: ErrorCategory {
        switch self {
        case .configuration: return .config
        case .status(let code, _, _, _, _) where code == 401 || code == 403: return .auth
        default: return .fetch
        }
    }

    /// Refused connections, unknown host names and connect timeouts: the same for every day.
    public var failsTheRest: Bool {
        switch self {
        case .unreachable, .connectTimeout: return true
        default: return false
        }
    }

    /// A 404 whose JSON detail says why: the source has no such day (or campaign). A bare 404
    /// (a wrong base URL answers so) is a failure, never taken for a day without data.
    public var isNotFound: Bool {
        if case .notFound(let detail?, _, _) = self { return !ClientError.namesUnknownCampaign(detail) }
        return false
    }

    /// True when a 404's detail says the campaign itself is unknown (`Campaign not found.`),
    /// not only the day.
    static func namesUnknownCampaign(_ detail: String) -> Bool {
        // "Campaign not found.", Django's "No campaign matches the given query.": a detail about
        // the campaign (a day without data is "No data for this day.").
        detail.lowercased().contains("campaign")
    }

    /// A server's detail fit to quote: control characters removed, blanks collapsed, at most
    /// 120 characters; nil when nothing is left.
    static func quotable(_ detail: String) -> String? {
        var out = ""
        var blank = false
        for ch in detail {
            if ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                if ch == "\n" || ch == "\t" || ch == "\r" { blank = true }
                continue
            }
            if ch == " " { blank = true; continue }
            if blank && !out.isEmpty { out.append(" ") }
            blank = false
            out.append(ch)
        }
        if out.count > 120 { out = String(out.prefix(119)) + "…" }
        return out.isEmpty ? nil : out
    }

    /// True for failures worth another try: 5xx, 429, dropped connections and connections that
    /// failed for a reason that may pass (not a refusal, an unknown name or a connect timeout).
    public var isRetryable: Bool {
        switch self {
        case .status(let code, _, _, _, _): return code == 429 || (500...599).contains(code)
        case .dropped, .connectionFailed: return true
        case .htmlPage(let status): return (500...599).contains(status)
        default: return false
        }
    }

    /// The same failure, told with the number of retries made.
    func with(retries n: Int) -> ClientError {
        switch self {
        case .status(let c, let r, _, let co, let ca): return .status(c, reason: r, retries: n, company: co, campaign: ca)
        case .connectionFailed(let h, let d, _): return .connectionFailed(host: h, detail: d, retries: n)
        case .dropped: return .dropped(retries: n)
        default: return self
        }
    }
}
