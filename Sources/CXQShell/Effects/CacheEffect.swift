import CXQClient
import CXQCore

/// `cache` summarises the local store; `cache clear` empties it.
enum CacheEffect {
    static func run(clear: Bool, session: Session) throws(QueryError) -> Value {
        guard let provider = session.provider else {
            return .message("there is no local store; days come from \(session.source.description)")
        }
        let opened: DayStore?
        do throws(StoreError) { opened = try provider.openStore() } catch {
            throw QueryError(.effect("the local store at \(provider.storePath ?? "?") cannot be used (\(error.sentence))", .file), nil)
        }
        guard let store = opened else {
            throw QueryError(.effect("there is no local store (neither XDG_CACHE_HOME nor HOME is set)", .config), nil)
        }
        do throws(StoreError) {
            if clear {
                let n = try store.clear()
                return .message("removed \(plural(n, "day")) from the local store \(store.path)")
            }
            let s = try store.summary()
            let rows: [[Cell]] = [
                [.text("path"), .text(store.path)],
                [.text("days"), .int(Int64(s.days))],
                [.text("campaigns"), .int(Int64(s.campaigns))],
                [.text("size (bytes)"), .int(s.bytes)],
                [.text("oldest day"), s.oldestDate.map(Cell.text) ?? .null],
                [.text("newest day"), s.newestDate.map(Cell.text) ?? .null],
                [.text("first fetched"), s.oldestFetch.map { .text(Timestamp.iso($0)) } ?? .null],
                [.text("last fetched"), s.newestFetch.map { .text(Timestamp.iso($0)) } ?? .null],
            ]
            return .table(Table(columns: ["store", "value"], rows: rows))
        } catch {
            throw QueryError(.effect("the local store cannot be used (\(error.sentence))", .file), nil)
        }
    }
}
