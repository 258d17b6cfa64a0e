import Foundation
import Testing

/// Runs one of the Python suites under `Tests/` against the built cxq and closerx-sim; returns its
/// exit status and everything it printed.
func runPythonSuite(_ script: String) throws -> (status: Int32, text: String) {
    let bin = CommandLineTests.binary.deletingLastPathComponent()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", packageRoot.appendingPathComponent(script).path,
                   "--cxq", bin.appendingPathComponent("cxq").path, "--sim", bin.appendingPathComponent("closerx-sim").path]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The interactive shell in a real pseudo-terminal: `Tests/pty/interactive_test.py` (pexpect)
/// types keys and reads the screen — completion, history across runs, Ctrl-C on a line, in a
/// Ctrl-R search, a completion listing, the pager, vi mode and during a slow load from
/// closerx-sim, Ctrl-D, and the terminal mode restored after Ctrl-D and SIGTERM.
@Suite struct PseudoTerminalTests {
    @Test func interactiveShellInAPseudoTerminal() throws {
        let r = try runPythonSuite("Tests/pty/interactive_test.py")
        #expect(r.status == 0, "\(r.text)")
        #expect(r.text.contains("pty: 12 passed, 0 failed"), "\(r.text)")
    }
}
