import Foundation
import Testing
@testable import CXQShell

/// Golden scripts: `Tests/CXQShellTests/Scripts/NAME.cxq`, run by the batch runner with
/// `--keep-going`, must print exactly `NAME.out` on standard output and `NAME.err` on
/// standard error. Set CXQ_UPDATE_GOLDEN=1 to rewrite the expected files.
@Suite struct GoldenScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".cxq") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func thereAreGoldenScripts() { #expect(Self.scripts.count >= 4) }

    @Test(arguments: scripts)
    func script(_ name: String) throws {
        let source = try String(contentsOf: Self.folder.appendingPathComponent(name + ".cxq"), encoding: .utf8)
        let (out, err, _) = runScript(source, file: name + ".cxq", keepGoing: true)
        let outURL = Self.folder.appendingPathComponent(name + ".out")
        let errURL = Self.folder.appendingPathComponent(name + ".err")
        if ProcessInfo.processInfo.environment["CXQ_UPDATE_GOLDEN"] == "1" {
            try out.write(to: outURL, atomically: true, encoding: .utf8)
            try err.write(to: errURL, atomically: true, encoding: .utf8)
            return
        }
        let expectedOut = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let expectedErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        #expect(out == expectedOut, "stdout of \(name).cxq differs:\n\(lineDiff(expected: expectedOut, actual: out))")
        #expect(err == expectedErr, "stderr of \(name).cxq differs:\n\(lineDiff(expected: expectedErr, actual: err))")
    }
}
