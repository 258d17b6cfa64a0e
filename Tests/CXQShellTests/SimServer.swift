import Foundation

/// closerx-sim running on 127.0.0.1 for a test; it exits when the test process does.
final class SimServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let apiKey: String
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let stdin = Pipe()

    /// With `requestLog`, the server logs every request it receives to that file (`--verbose`).
    init(apiKey: String = "sim-key-123", company: String = "acme", extra: [String] = [], requestLog: URL? = nil) throws {
        self.apiKey = apiKey
        process.executableURL = CommandLineTests.binary.deletingLastPathComponent().appendingPathComponent("closerx-sim")
        process.arguments = ["--port", "0", "--api-key", apiKey, "--company", company, "--exit-on-stdin-eof"] + extra
            + (requestLog != nil ? ["--verbose"] : [])
        let out = Pipe()
        process.standardOutput = out
        if let requestLog {
            FileManager.default.createFile(atPath: requestLog.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: requestLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = stdin
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("\n"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let p = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw SimError.noPort(text)
        }
        port = p
    }

    enum SimError: Error { case noPort(String) }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// The environment for a cxq talking to this server, with everything it writes under `home`.
    func environment(home: URL, key: String? = nil, company: String = "acme") -> [String: String] {
        ["CLOSERX_API_KEY": key ?? apiKey, "CLOSERX_COMPANY": company, "CLOSERX_BASE_URL": baseURL,
         "XDG_CACHE_HOME": home.appendingPathComponent("cache").path,
         "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
         "XDG_STATE_HOME": home.appendingPathComponent("state").path]
    }

    /// One sim shared by the tests that need no special flags.
    static let shared: SimServer = try! SimServer(extra: ["--slow-ms", "5000"])
}
