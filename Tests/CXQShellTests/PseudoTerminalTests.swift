import Foundation
import Testing

/// The interactive shell in a real pseudo-terminal: `Tests/pty/interactive_test.py` (pexpect)
/// types keys and reads the screen — completion, history across runs, Ctrl-C on a line and
/// during a slow load from closerx-sim, Ctrl-D, and the terminal mode restored after Ctrl-D and
/// SIGTERM.
@Suite struct PseudoTerminalTests {
    @Test func interactiveShellInAPseudoTerminal() throws {
        let bin = CommandLineTests.binary.deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", packageRoot.appendingPathComponent("Tests/pty/interactive_test.py").path,
                       "--cxq", bin.appendingPathComponent("cxq").path, "--sim", bin.appendingPathComponent("closerx-sim").path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("pty: 11 passed, 0 failed"), "\(text)")
    }
}
