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
    public var todayMaxAge: Int64 = 300
    let warn: @Sendable (String) -> Void
    let now: @Sendable () -> Int64
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    // Guarded by `lock`.
    private var opened = false
    private var storeValue: DayStore?
    private var warned = false

    public init(client: CloserXClient, storePath: String?, now: @escaping @Sendable () -> Int64 = { unixNow() },
                warn: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.storePath = storePath
        self.now = now
        self.warn = warn
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    public var description: String { "\(client.credentials.baseURL) (company \(client.credentials.company))" }

    /// The store, opened on first use; nil when there is none or it cannot be used.
    public var store: DayStore? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if opened { return storeValue }
        opened = true
        guard let path = storePath else { return nil }
        do throws(StoreError) {
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            makeDirectories(dir)
            storeValue = try DayStore(path: path)
        } catch {
            warnOnce("the local store at \(path) cannot be used (\(error.sentence)); going on without it")
        }
        return storeValue
    }

    func warnOnce(_ message: String) {
        // Called with `lock` held or not; `warned` is only a courtesy against repeats.
        if !warned { warned = true; warn(message) }
    }

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
            pthread_mutex_lock(lock); warnOnce("the local store could not be read (\(error.sentence)); fetching instead"); pthread_mutex_unlock(lock)
        }
        let t = now()
        let day = try client.fetch(campaign: request.campaign, date: request.date, now: t, isCancelled: request.isCancelled)
        if let store {
            do throws(StoreError) { try store.put(day, base: creds.baseURL, company: creds.company, fetchedAt: t) } catch {
                pthread_mutex_lock(lock); warnOnce("a day could not be stored (\(error.sentence)); it stays in the workspace"); pthread_mutex_unlock(lock)
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
