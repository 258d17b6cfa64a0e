import CXQClient
import CXQCore
import Foundation
import Synchronization
import Testing

@Suite struct DayStoreTests {
    func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cxq-store-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("days.sqlite").path
    }

    /// Several openers of a new store at once (two cxq processes starting together) all get it:
    /// colliding in the switch to WAL or in recording the first migration is tried again.
    @Test func openersOfANewStoreAtOnceAllSucceed() throws {
        for _ in 0..<10 {
            let path = tempPath()
            let failures = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do throws(StoreError) { _ = try DayStore(path: path) } catch { failures.withLock { $0 += 1 } }
            }
            #expect(failures.withLock { $0 } == 0)
        }
    }

    @Test func storesAndReadsDaysPerSource() throws {
        let store = try DayStore(path: tempPath())
        let d = DemoGenerator.day(campaign: "c1", date: Fixtures.date)
        try store.put(d, base: "http://a", company: "acme", fetchedAt: 100)
        let (back, fetched) = try #require(try store.day(base: "http://a", company: "acme", campaign: "c1", date: Fixtures.date))
        #expect(back.values == d.values)
        #expect(back.origin == .cache)
        #expect(fetched == 100)
        #expect(try store.day(base: "http://a", company: "other", campaign: "c1", date: Fixtures.date) == nil)
        let s = try store.summary()
        #expect(s.days == 1 && s.campaigns == 1 && s.oldestDate == "2025-08-23" && s.newestFetch == 100 && s.bytes > 0)
        #expect(try store.clear() == 1)
        #expect(try store.summary().days == 0)
        let attrs = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
    }

    @Test func pastDaysComeFromTheStoreAndTodayIsRefetchedWhenStale() throws {
        let path = tempPath()
        let today = Fixtures.date
        let yesterday = today.adding(days: -1)
        let t = FakeTransport([Fixtures.ok(date: yesterday), Fixtures.ok(date: today), Fixtures.ok(date: today), Fixtures.ok(date: yesterday)])
        let clock = ManualClock(1000)
        let source = StoredSource(client: Fixtures.client(t), storePath: path, now: { clock.now }, warn: { _ in })
        func get(_ d: CivilDate, refresh: Bool = false) throws -> Day {
            try source.fetch(DayRequest(campaign: "c1", date: d, refresh: refresh, today: today))
        }
        #expect(try get(yesterday).origin == .api)
        #expect(try get(yesterday).origin == .cache)
        #expect(t.count == 1, "a past day is not asked for twice")
        #expect(try get(today).origin == .api)
        clock.now += 60
        #expect(try get(today).origin == .cache, "a fresh copy of today is used")
        clock.now += 600
        #expect(try get(today).origin == .api, "a stale copy of today is fetched again")
        #expect(try get(yesterday, refresh: true).origin == .api, "refresh always fetches")
        #expect(t.count == 4)
    }

    @Test func aCorruptStoreWarnsOnceAndTheSourceGoesOn() throws {
        let path = tempPath()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let warnings = WarningLog()
        let t = FakeTransport([Fixtures.ok(), Fixtures.ok()])
        let source = StoredSource(client: Fixtures.client(t), storePath: path, warn: { warnings.add($0) })
        let day = try source.fetch(DayRequest(campaign: "c1", date: Fixtures.date, refresh: false, today: Fixtures.date))
        #expect(day.origin == .api)
        _ = try source.fetch(DayRequest(campaign: "c1", date: Fixtures.date, refresh: false, today: Fixtures.date))
        #expect(warnings.items == ["the local store at \(path) cannot be used (it is not a database); going on without it"])
    }

    /// A row whose payload holds another day (a damaged or tampered store) is not returned as
    /// the day asked for: it is a bad row, refetched with one warning, and replaced.
    @Test func aRowHoldingAnotherDayIsRefetchedNotTrusted() throws {
        let path = tempPath()
        let store = try DayStore(path: path)
        let base = Fixtures.creds.baseURL
        let other = CivilDate(year: 2025, month: 8, day: 22)!
        try store.put(DemoGenerator.day(campaign: "c1", date: Fixtures.date), base: base, company: "acme", fetchedAt: 100)
        try store.put(DemoGenerator.day(campaign: "c2", date: other), base: base, company: "acme", fetchedAt: 100)
        // Tamper with the file as another program would: c1's row now holds c2's day.
        let sql = "UPDATE day SET payload = (SELECT payload FROM day WHERE campaign = 'c2') WHERE campaign = 'c1';"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path, sql]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(throws: StoreError(.badRow("c1@2025-08-23"))) {
            try store.day(base: base, company: "acme", campaign: "c1", date: Fixtures.date)
        }
        let warnings = WarningLog()
        let t = FakeTransport([Fixtures.ok()])
        let source = StoredSource(client: Fixtures.client(t), storePath: path, warn: { warnings.add($0) })
        let day = try source.fetch(DayRequest(campaign: "c1", date: Fixtures.date, refresh: false, today: CivilDate(year: 2025, month: 9, day: 1)!))
        #expect(day.campaign == "c1" && day.date == Fixtures.date && day.origin == .api)
        #expect(t.count == 1)
        #expect(warnings.items == ["the local store could not be read (its row for c1@2025-08-23 does not hold that day); fetching instead"])
        let (back, _) = try #require(try store.day(base: base, company: "acme", campaign: "c1", date: Fixtures.date))
        #expect(back.campaign == "c1", "the refetched day replaced the bad row")
    }

    /// The -wal and -shm files SQLite makes beside the store are as private as the store.
    @Test func theStoreAndItsWALFilesAreOwnerOnly() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let path = tempPath()
        let store = try DayStore(path: path)
        try store.put(DemoGenerator.day(campaign: "c1", date: Fixtures.date), base: "http://a", company: "acme", fetchedAt: 1)
        for file in [path, path + "-wal", path + "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
        _ = store
    }
}

final class ManualClock: @unchecked Sendable {
    var now: Int64
    init(_ now: Int64) { self.now = now }
}

final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
}
