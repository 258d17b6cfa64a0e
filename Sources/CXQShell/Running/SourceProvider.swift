import CXQClient
import CXQCore

/// When the built-in demo generator may serve days.
public enum DemoMode: Sendable, Equatable {
    /// `--demo` or `CXQ_DEMO=1`: demo days, whatever credentials are configured.
    case asked
    /// At the interactive prompt: demo days when no credentials are configured, with a notice.
    case withoutCredentials
    /// In scripts: never; a command that needs the source fails with category `config`.
    case never
}

/// Chooses the session's source of days: the CloserX API behind the local store when there
/// are credentials, the built-in demo data when asked for (or, at the prompt, when there are
/// none). `profile NAME` switches it without touching the workspace.
public final class SourceProvider: @unchecked Sendable {
    public private(set) var connection: Connection
    public let transport: AHCTransport
    public let storePath: String?
    let log: (@Sendable (RequestLogEntry) -> Void)?
    let warn: @Sendable (String) -> Void
    let clock: any CalendarClock
    let demo: DemoMode
    /// Why the config file could not be used (`PATH:LINE: …`); every load says it.
    private(set) var configProblem: String?
    public private(set) var credentials: Credentials?
    public private(set) var source: any DaySource

    /// The sentence of a script's first fetch when there are no credentials.
    public static let noCredentials = "no CloserX credentials (set CLOSERX_API_KEY and CLOSERX_COMPANY, or pass --demo)"

    public init(connection: Connection, storePath: String?, clock: any CalendarClock,
                connectTimeout: Double = 5, demo: DemoMode = .withoutCredentials, configProblem: String? = nil,
                log: (@Sendable (RequestLogEntry) -> Void)?, warn: @escaping @Sendable (String) -> Void) {
        self.connection = connection
        self.transport = AHCTransport(connectTimeout: connectTimeout)
        self.storePath = storePath
        self.log = log
        self.warn = warn
        self.clock = clock
        self.demo = demo
        self.configProblem = configProblem
        self.source = UnavailableSource(reason: SourceProvider.noCredentials)
    }

    /// Uses a profile (or, with nil, the environment and the default profile). On failure the
    /// source explains the problem at every load, so a script never gets demo data by mistake.
    public func select(profile: String?) throws(ClientError) {
        if profile == nil && demo == .asked {
            credentials = nil
            source = DemoSource(clock: clock)
            return
        }
        do throws(ClientError) {
            if let configProblem { throw ClientError.configuration(configProblem) }
            let creds = try connection.credentials(profile: profile)
            credentials = creds
            if let creds {
                source = makeSource(creds)
            } else {
                source = demo == .never ? UnavailableSource(reason: SourceProvider.noCredentials) : DemoSource(clock: clock)
            }
        } catch {
            if profile == nil {
                credentials = nil
                source = UnavailableSource(reason: error.sentence)
            }
            throw error
        }
    }

    /// Reads the config file again (`profile` does, so that a profile added while cxq runs is
    /// found). A file that became invalid is an error naming its line, and nothing changes.
    public func reloadConfig(warn: (String) -> Void = { _ in }) throws(ClientError) {
        guard let path = connection.configPath else { return }
        var config = ConfigFile()
        if let loaded = ConfigFile.load(path: path, warn: warn) {
            switch loaded {
            case .success(let c): config = c
            case .failure(let p):
                throw ClientError.configuration("\(path)\(p.line > 0 ? ":\(p.line)" : ""): \(p.message); fix the file, the current profile stays")
            }
        }
        connection = Connection(environment: connection.environment, config: config, configPath: path)
        configProblem = nil
    }

    /// Which source days come from, as a key: base URL and company for the API, `demo` for the
    /// demo generator. Each source has a workspace of its own.
    public var sourceKey: String {
        if let c = credentials { return "\(c.baseURL) \(c.company)" }
        return isDemo ? "demo" : "none"
    }

    /// The source in a few words for messages: `company acme`, `demo data`.
    public var sourceName: String {
        if let c = credentials { return c.company }
        return isDemo ? "demo data" : "no source"
    }

    func makeSource(_ c: Credentials) -> any DaySource {
        var client = CloserXClient(credentials: c, transport: transport)
        client.log = log
        if let t = connection.environment["CXQ_REQUEST_TIMEOUT"].flatMap(Double.init), t > 0 { client.requestTimeout = t }
        return StoredSource(client: client, storePath: storePath, warn: warn)
    }

    /// True when days come from the demo generator.
    public var isDemo: Bool { source is DemoSource }

    /// The store opened for `cache` and completion while the source has none of its own.
    private var ownStore: DayStore?

    /// The store for `cache` and completion, whatever the source; opened once.
    public func openStore() throws(StoreError) -> DayStore? {
        // A source whose store could not be opened has none: opening it here says why.
        if let s = source as? StoredSource, let store = s.store { return store }
        if let ownStore { return ownStore }
        guard let path = storePath else { return nil }
        if let dir = path.lastIndex(of: "/") { makeDirectories(String(path[..<dir])) }
        ownStore = try DayStore(path: path)
        return ownStore
    }

    /// Closes the HTTP client, if one was made.
    public func shutdown() { transport.shutdown() }
}
