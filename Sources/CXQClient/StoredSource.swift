import CXQCore
#if canImport(Glibc)
import Glibc
#endif

/// The CloserX API behind the local store: past days come from the store without a request;
/// today is fetched again when its copy is older than `todayMaxAge`; `refresh` always fetches.
/// A store that cannot be used gives one warning and the source runs on without it.
public final class StoredSource: DaySource, @unchecked Sendable {
    public let client: CloserXClient
    let storePath: String?
    /// How old today's stored copy may be before it is fetched again, in seconds.
    public let todayMaxAge: Int64
    let warn: @Sendable (String) -> Void
    let now: @Sendable () -> Int64
    /// The store, opened on first use by whichever worker needs it, and whether a warning was given.
    private let state = Locked(StoreState())

    struct StoreState {
        var opened = false
        var store: DayStore?
        var warned = false
    }

    public init(client: CloserXClient, storePath: String?, todayMaxAge: Int64 = 300, now: @escaping @Sendable () -> Int64 = { unixNow() },
                warn: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.storePath = storePath
        self.todayMaxAge = todayMaxAge
        self.now = now
        self.warn = warn
    }

    public var description: String { "\(client.credentials.baseURL) (company \(client.credentials.company))" }

    /// The store, opened on first use; nil when there is none or it cannot be used.
    public var store: DayStore? {
        state.withLock { s in
            if s.opened { return s.store }
            s.opened = true
            guard let path = storePath else { return nil }
            do throws(StoreError) {
                let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
                makeDirectories(dir)
                s.store = try DayStore(path: path)
            } catch {
                warnOnce(&s, "the local store at \(path) cannot be used (\(error.sentence)); going on without it")
            }
            return s.store
        }
    }

    /// One warning about the store, whatever goes wrong after it (called with the lock held).
    func warnOnce(_ s: inout StoreState, _ message: String) {
        if !s.warned { s.warned = true; warn(message) }
    }

    func warnOnce(_ message: String) { state.withLock { warnOnce(&$0, message) } }

    public func mustFetch(_ request: DayRequest) -> Bool {
        (try? stored(request)) == nil
    }

    /// The store's copy of the day, when it is fresh enough to serve (a past day, or today's
    /// copy younger than `todayMaxAge`); nil when the server must be asked.
    func stored(_ request: DayRequest) throws(StoreError) -> Day? {
        let creds = client.credentials
        guard !request.refresh, let date = request.date, let store,
              let (day, fetchedAt) = try store.day(base: creds.baseURL, company: creds.company, campaign: request.campaign, date: date)
        else { return nil }
        return date < request.today || (date == request.today && now() - fetchedAt < todayMaxAge) ? day : nil
    }

    public func fetch(_ request: DayRequest) throws -> Day {
        let creds = client.credentials
        do throws(StoreError) {
            if let day = try stored(request) { return day }
        } catch {
            warnOnce("the local store could not be read (\(error.sentence)); fetching instead")
        }
        let t = now()
        let day = try client.fetch(campaign: request.campaign, date: request.date, now: t, isCancelled: request.isCancelled)
        if let store {
            do throws(StoreError) { try store.put(day, base: creds.baseURL, company: creds.company, fetchedAt: t) } catch {
                warnOnce("a day could not be stored (\(error.sentence)); it stays in the workspace")
            }
        }
        return day
    }
}

/// `mkdir -p` with mode 0700.
public func makeDirectories(_ path: String) {
    var current = ""
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
        current += "/" + part
        mkdir(current, 0o700)
    }
}
