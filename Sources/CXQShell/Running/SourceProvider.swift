import CXQClient
import CXQCore

/// Chooses the session's source of days: the CloserX API behind the local store when there
/// are credentials, the built-in demo data when there are none. `profile NAME` switches it
/// without touching the workspace.
public final class SourceProvider: @unchecked Sendable {
    public let connection: Connection
    public let transport: AHCTransport
    public let storePath: String?
    let log: (@Sendable (RequestLogEntry) -> Void)?
    let warn: @Sendable (String) -> Void
    let clock: any CalendarClock
    public private(set) var credentials: Credentials?
    public private(set) var source: any DaySource

    public init(connection: Connection, storePath: String?, clock: any CalendarClock,
                connectTimeout: Double = 5, log: (@Sendable (RequestLogEntry) -> Void)?,
                warn: @escaping @Sendable (String) -> Void) {
        self.connection = connection
        self.transport = AHCTransport(connectTimeout: connectTimeout)
        self.storePath = storePath
        self.log = log
        self.warn = warn
        self.clock = clock
        self.source = DemoSource(clock: clock)
    }

    /// Uses a profile (or, with nil, the environment and the default profile). On failure the
    /// source explains the problem at every load, so a script never gets demo data by mistake.
    public func select(profile: String?) throws(ClientError) {
        do {
            let creds = try connection.credentials(profile: profile)
            credentials = creds
            source = creds.map(makeSource) ?? DemoSource(clock: clock)
        } catch {
            if profile == nil {
                credentials = nil
                source = UnavailableSource(reason: error.sentence)
            }
            throw error
        }
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
        if let s = source as? StoredSource { return s.store }
        if let ownStore { return ownStore }
        guard let path = storePath else { return nil }
        if let dir = path.lastIndex(of: "/") { makeDirectories(String(path[..<dir])) }
        ownStore = try DayStore(path: path)
        return ownStore
    }

    /// Closes the HTTP client, if one was made.
    public func shutdown() { transport.shutdown() }
}
