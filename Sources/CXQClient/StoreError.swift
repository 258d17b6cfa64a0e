import CXQCore
import GRDB

/// Why the local store could not be used, classified by SQLite's result code (never by the
/// text of a message).
public struct StoreError: Error, UserFacingError, Equatable {
    public enum Problem: Sendable, Equatable {
        case notADatabase, corrupt, cannotOpen, readOnly, locked, full
        /// Another SQLite result code.
        case other(Int32)
        /// Not an SQLite error at all (a failed `mkdir`, say).
        case system(String)
        /// The row filed under this day holds something else (or nothing readable).
        case badRow(String)
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    /// Classifies any error from GRDB by its primary result code.
    public init(_ error: Error) {
        if let e = error as? StoreError { self = e; return }
        guard let db = error as? DatabaseError else { problem = .system("\(type(of: error))"); return }
        switch db.resultCode.primaryResultCode {
        case .SQLITE_NOTADB: problem = .notADatabase
        case .SQLITE_CORRUPT: problem = .corrupt
        case .SQLITE_CANTOPEN: problem = .cannotOpen
        case .SQLITE_READONLY: problem = .readOnly
        case .SQLITE_BUSY, .SQLITE_LOCKED: problem = .locked
        case .SQLITE_FULL: problem = .full
        default: problem = .other(db.resultCode.primaryResultCode.rawValue)
        }
    }

    public var sentence: String {
        switch problem {
        case .notADatabase: return "it is not a database"
        case .corrupt: return "it is corrupt"
        case .cannotOpen: return "it cannot be opened"
        case .readOnly: return "it is read-only"
        case .locked: return "it is locked by another process"
        case .full: return "the disk is full"
        case .other(let code): return "SQLite error \(code)"
        case .system(let what): return "\(what)"
        case .badRow(let day): return "its row for \(day) does not hold that day"
        }
    }

    public var category: ErrorCategory { .file }

    /// Runs a store operation, classifying what it throws.
    static func guarded<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do { return try body() } catch { throw StoreError(error) }
    }
}
