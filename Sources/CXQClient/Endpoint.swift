import CXQCore

/// Where and as whom cxq asks: a base URL, a company (tenant) and a key.
public struct Credentials: Sendable, Equatable {
    public var baseURL: String
    public var company: String
    public var apiKey: Secret
    /// The profile these came from, or nil for the environment.
    public var profile: String?

    public init(baseURL: String, company: String, apiKey: Secret, profile: String? = nil) {
        self.baseURL = baseURL
        self.company = company
        self.apiKey = apiKey
        self.profile = profile
    }

    public static let productionBaseURL = "https://app.closerx.ai"

    /// A name for prompts and messages: the profile, or the company. Never the key.
    public var label: String { profile ?? company }

    /// Checks the base URL and company before they reach a URL or a header.
    public func validated() throws(ClientError) -> Credentials {
        var c = self
        c.baseURL = try Endpoint.normalizedBaseURL(baseURL)
        try Endpoint.checkCompany(company)
        guard !apiKey.isEmpty else { throw ClientError.configuration("the API key is empty") }
        guard !apiKey.reveal().utf8.contains(where: { $0 < 32 || $0 == 127 }) else {
            throw ClientError.configuration("the API key holds a control character; check how it was set")
        }
        return c
    }
}

/// Building the daily-campaign-results URL from checked parts.
public enum Endpoint {
    /// The documented path, with its trailing slash (Django redirects without it).
    public static func path(campaign: String) -> String {
        "/api/v2/graph/daily-campaign-results/\(campaign)/"
    }

    /// The full URL for one campaign and, optionally, one day.
    public static func url(base: String, campaign: String, date: CivilDate?) throws(ClientError) -> String {
        try checkCampaign(campaign)
        var u = base + path(campaign: campaign)
        if let date { u += "?date=\(date)" }
        return u
    }

    /// Campaign ids: `[A-Za-z0-9_-]{1,64}` — no `/`, no `..`, nothing to escape.
    public static func checkCampaign(_ c: String) throws(ClientError) {
        guard CampaignID(c) != nil else { throw ClientError.configuration(CampaignID.problem(c)) }
    }

    /// Company (tenant schema) names: `[A-Za-z0-9_.-]{1,128}`, not `..`; no control
    /// characters, so nothing can be smuggled into a header.
    public static func checkCompany(_ c: String) throws(ClientError) {
        let ok = !c.isEmpty && c.utf8.count <= 128 && !c.contains("..")
            && c.utf8.allSatisfy { CampaignID.isIDByte($0) || $0 == ASCII.dot }
        guard ok else {
            throw ClientError.configuration("'\(String(c.unicodeScalars.filter { (0x20..<0x7F).contains($0.value) }).prefix(80))' is not a company name (letters, digits, '_', '.', '-')")
        }
    }

    /// `http(s)://host[:port][/prefix]`, without a trailing slash, user info, query or fragment.
    public static func normalizedBaseURL(_ raw: String) throws(ClientError) -> String {
        var s = raw
        while s.hasSuffix("/") { s.removeLast() }
        let lower = s.lowercased()
        // Messages show the URL redacted: it may carry a key as user info or in its query.
        let shown = redacted(String(raw.prefix(200))).prefix(80)
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw ClientError.configuration("the base URL '\(shown)' must start with http:// or https://")
        }
        let rest = s.drop(while: { $0 != "/" }).dropFirst(2)
        let host = rest.prefix(while: { $0 != "/" })
        guard !host.isEmpty, !host.contains("@"),
              !s.contains("?"), !s.contains("#"), !s.contains(".."),
              s.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            let why = host.contains("@") ? " (user info such as user:key@ is not allowed; the key goes in CLOSERX_API_KEY)"
                : s.contains("?") ? " (a query is not allowed; the key goes in CLOSERX_API_KEY)" : ""
            throw ClientError.configuration("the base URL '\(shown)' is not of the form https://host[:port][/path]\(why)")
        }
        return s
    }

    /// A URL fit to print: user info becomes `***@`, a query `?***`, a fragment `#***`.
    public static func redacted(_ url: String) -> String {
        var rest = Substring(url)
        var out = ""
        if let scheme = rest.range(of: "://") {
            out = String(rest[..<scheme.upperBound])
            rest = rest[scheme.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            out += "***" + authority[at...]
        } else {
            out += authority
        }
        rest = rest[authorityEnd...]
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            out += rest[..<q] + (rest[q] == "?" ? "?***" : "#***")
        } else {
            out += rest
        }
        return out
    }

    /// `scheme://host:port` of a URL, to tell whether a redirect stays on the configured server
    /// (user info, which a redirect could carry, is left out).
    public static func origin(_ url: String) -> String {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("https://") ? "https" : "http"
        let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
        var host = String(rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" }))
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if !host.contains(":") { host += scheme == "https" ? ":443" : ":80" }
        return "\(scheme)://\(host)"
    }
}
