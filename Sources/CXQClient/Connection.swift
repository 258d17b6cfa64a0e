import CXQCore

/// How the shell reaches CloserX: credentials from the environment or a profile, and the
/// source of days built from them.
public struct Connection: Sendable {
    public let environment: Environment
    public let config: ConfigFile
    public let configPath: String?

    public init(environment: Environment, config: ConfigFile, configPath: String?) {
        self.environment = environment
        self.config = config
        self.configPath = configPath
    }

    /// The credentials for a profile, or — with no profile named — from `CLOSERX_API_KEY`,
    /// `CLOSERX_COMPANY` and `CLOSERX_BASE_URL`, then the config's default profile. Nil means
    /// no key anywhere: the demo data.
    public func credentials(profile: String?) throws(ClientError) -> Credentials? {
        if let name = profile {
            guard let p = config.profile(named: name) else {
                let names = config.profiles.map(\.name)
                throw ClientError.configuration(names.isEmpty
                    ? "there is no profile '\(name)'; no profiles are configured\(configPath.map { " in \($0)" } ?? "")"
                    : "there is no profile '\(name)'; the profiles are \(names.joined(separator: ", "))")
            }
            return try credentials(from: p)
        }
        if let key = environment["CLOSERX_API_KEY"], !key.isEmpty {
            guard let company = environment["CLOSERX_COMPANY"], !company.isEmpty else {
                throw ClientError.configuration("CLOSERX_API_KEY is set but CLOSERX_COMPANY is not; set it to the company (tenant) name, or choose a profile")
            }
            let base = environment["CLOSERX_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Credentials.productionBaseURL
            return try Credentials(baseURL: base, company: company, apiKey: Secret(key)).validated()
        }
        if let d = config.defaultProfile, let p = config.profile(named: d) { return try credentials(from: p) }
        return nil
    }

    func credentials(from p: ConfigFile.Profile) throws(ClientError) -> Credentials {
        guard let company = p.company, !company.isEmpty else {
            throw ClientError.configuration("profile '\(p.name)' has no company")
        }
        var key: Secret
        if let k = p.apiKey {
            key = k
        } else if let env = p.apiKeyEnv {
            guard let v = environment[env], !v.isEmpty else {
                throw ClientError.configuration("profile '\(p.name)' takes its key from \(env), which is not set")
            }
            key = Secret(v)
        } else {
            throw ClientError.configuration("profile '\(p.name)' has neither api_key nor api_key_env")
        }
        return try Credentials(baseURL: p.baseURL ?? Credentials.productionBaseURL, company: company, apiKey: key,
                               profile: p.name).validated()
    }
}

/// A source that explains, on every fetch, why there is no real source (a key without a
/// company, a profile with no key): scripts must not get demo data by mistake.
public struct UnavailableSource: DaySource {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "no source (\(reason))" }
    public func fetch(_ request: DayRequest) throws -> Day { throw ClientError.configuration(reason) }
}
