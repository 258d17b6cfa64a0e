import CXQCore
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The local store of fetched days: SQLite (through GRDB) in WAL mode, so that several cxq
/// processes can read and write it at once. Each day is kept with its source (base URL and
/// company — never the key) and the time it was fetched.
public final class DayStore: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool

    /// What `cache` shows.
    public struct Summary: Sendable, Equatable {
        public var days: Int
        public var campaigns: Int
        public var bytes: Int64
        public var oldestDate: String?
        public var newestDate: String?
        public var oldestFetch: Int64?
        public var newestFetch: Int64?
    }

    /// Opens (creating if needed) the store at `path`.
    public init(path: String) throws(StoreError) {
        self.path = path
        // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the mode of
        // the database file, so none of the three is ever readable by others.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
        // Two processes opening a new store at once can meet in the switch to WAL mode (which
        // SQLite's busy timeout does not cover) or in the first migration (the table is made
        // `IF NOT EXISTS`, but both may record the migration: SQLITE_CONSTRAINT): try again briefly.
        var attempt = 0
        while true {
            do throws(StoreError) {
                pool = try StoreError.guarded { try DayStore.openPool(path) }
                break
            } catch where (error.problem == .locked || error.problem == .other(1) || error.problem == .other(19)) && attempt < 40 {
                attempt += 1
                usleep(50_000)
            }
        }
        // A store made by an older cxq (or another umask) is tightened too.
        for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o600) }
    }

    static func openPool(_ path: String) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.label = "cxq.store"
        let pool = try DatabasePool(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS day (
                    base_url   TEXT NOT NULL,
                    company    TEXT NOT NULL,
                    campaign   TEXT NOT NULL,
                    date       TEXT NOT NULL,
                    fetched_at INTEGER NOT NULL,
                    payload    TEXT NOT NULL,
                    PRIMARY KEY (base_url, company, campaign, date)
                )
                """)
        }
        try migrator.migrate(pool)
        return pool
    }

    /// A stored day and when it was fetched.
    public func day(base: String, company: String, campaign: String, date: CivilDate) throws(StoreError) -> (Day, Int64)? {
        let row = try StoreError.guarded { try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT payload, fetched_at FROM day WHERE base_url = ? AND company = ? AND campaign = ? AND date = ?",
                             arguments: [base, company, campaign, date.description])
        } }
        guard let row else { return nil }
        let payload: String = row["payload"]
        let fetched: Int64 = row["fetched_at"]
        let detail = "\(base) (\(company))"
        // The row must hold the day it is filed under: a payload that does not decode, or that
        // holds another campaign or date, is a bad row (the source refetches and replaces it).
        guard case .success(let d) = DayRecord.decode(bytes: Array(payload.utf8), campaign: nil, origin: .cache,
                                                      sourceDetail: detail, fetchedAt: fetched),
              d.campaign == campaign, d.date == date else {
            throw StoreError(.badRow("\(campaign)@\(date)"))
        }
        return (d, fetched)
    }

    /// Stores (or replaces) a day.
    public func put(_ day: Day, base: String, company: String, fetchedAt: Int64) throws(StoreError) {
        var bytes: [UInt8] = []
        DayRecord.encode(day, into: &bytes)
        let payload = String(decoding: bytes, as: UTF8.self)
        try StoreError.guarded { try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO day (base_url, company, campaign, date, fetched_at, payload) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [base, company, day.campaign, day.date.description, fetchedAt, payload])
        } }
    }

    public func summary() throws(StoreError) -> Summary {
        let row = try StoreError.guarded { try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT count(*) AS n, count(DISTINCT campaign) AS c, min(date) AS d0, max(date) AS d1, min(fetched_at) AS f0, max(fetched_at) AS f1 FROM day")
        } }
        var size: Int64 = 0
        for suffix in ["", "-wal", "-shm"] {
            var st = stat()
            if stat(path + suffix, &st) == 0 { size += Int64(st.st_size) }
        }
        return Summary(days: row?["n"] ?? 0, campaigns: row?["c"] ?? 0, bytes: size,
                       oldestDate: row?["d0"], newestDate: row?["d1"], oldestFetch: row?["f0"], newestFetch: row?["f1"])
    }

    /// Removes every day; returns how many there were.
    @discardableResult
    public func clear() throws(StoreError) -> Int {
        try StoreError.guarded { try pool.write { db in
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM day") ?? 0
            try db.execute(sql: "DELETE FROM day")
            return n
        } }
    }

    /// Campaign ids the store holds for one source (for completion: never another company's).
    public func campaigns(base: String, company: String) throws(StoreError) -> [String] {
        try StoreError.guarded { try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT campaign FROM day WHERE base_url = ? AND company = ? ORDER BY campaign",
                                arguments: [base, company])
        } }
    }

    /// Dates the store holds for a campaign of one source (for completion).
    public func dates(base: String, company: String, campaign: String) throws(StoreError) -> [String] {
        try StoreError.guarded { try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT date FROM day WHERE base_url = ? AND company = ? AND campaign = ? ORDER BY date",
                                arguments: [base, company, campaign])
        } }
    }
}
