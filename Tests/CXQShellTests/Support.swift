import Foundation
import Testing
import CXQCore
@testable import CXQShell

/// A session on demo data with a stopped clock, writing into memory.
func makeSession(format: OutputFormat = .table) -> Session {
    let clock = FixedClock(CivilDate(year: 2025, month: 8, day: 23)!)
    let s = Session(source: DemoSource(clock: clock, now: { 1_756_000_000 }), clock: clock,
                    out: ByteSink(), err: ByteSink())
    s.state.settings.format = format
    return s
}

/// Runs a script through the real batch runner; returns (stdout, stderr, success).
func runScript(_ text: String, session: Session = makeSession(), file: String = "test.cxq",
               keepGoing: Bool = false) -> (String, String, Bool) {
    let ok = BatchRunner.run(reader: FDLineReader(bytes: Array(text.utf8)), session: session, file: file,
                                   keepGoing: keepGoing)
    return (session.out.take(), session.err.take(), ok)
}

/// A fresh temporary directory.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cxq-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The package's root folder.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A line-by-line difference, for failing golden files.
func lineDiff(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let x = i < e.count ? String(e[i]) : nil
        let y = i < a.count ? String(a[i]) : nil
        if x != y {
            if let x { out.append("-\(i + 1): \(x)") }
            if let y { out.append("+\(i + 1): \(y)") }
        }
    }
    return out.joined(separator: "\n")
}
