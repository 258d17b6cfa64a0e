import Foundation
import Testing

/// `export … partitioned`: hive-style folders that DuckDB (and Spark, Trino) read as they are.
@Suite struct PartitionedExportTests {
    /// The DuckDB CLI (PyPI `duckdb-cli`, installed by `make deps` and CI).
    static var duckdb: String? {
        // pip puts it in Python's scripts folder, which a test's PATH may lack (pyenv, say).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        var scripts: [Substring] = []
        if (try? p.run()) != nil {
            scripts = [Substring(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))]
            p.waitUntilExit()
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") + ["/usr/local/bin"] + scripts {
            let p = "\(dir)/duckdb"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    @Test func duckDBReadsTheExportBackWithTheSameSums() throws {
        let dir = temporaryDirectory()
        let r = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-c",
                                          "load c1,c2,c3 2025-07-15..2025-09-05; export csv to out/ partitioned; "
                                          + "sum credits, sum results by campaign, month of all"], directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("exported 159 days as csv to out/: 9 partitions (3 campaigns)"), "\(r.err)")
        let part = dir.appendingPathComponent("out/campaign=c2/month=2025-08/part-0.csv")
        let lines = try String(contentsOf: part, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "date,hour,credits,credits_change,results,results_change")
        #expect(lines.count == 1 + 31 * 24, "one row per (day, hour)")
        let duck = try #require(Self.duckdb, "the DuckDB CLI is needed: python3 -m pip install duckdb-cli")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: duck)
        p.currentDirectoryURL = dir
        p.arguments = ["-csv", "-noheader", "-c", "SELECT campaign, month, sum(credits), sum(results) FROM "
                       + "read_csv('out/**/*.csv', hive_partitioning = true) GROUP BY ALL ORDER BY ALL"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let cxqRows = r.out.split(separator: "\n").dropFirst().map(String.init)
        let duckRows = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(cxqRows.count == 9)
        #expect(duckRows == cxqRows, "DuckDB's sums per campaign and month are cxq's")
    }

    @Test func aReExportReplacesTheFoldersItWritesAndNothingElse() throws {
        let dir = temporaryDirectory()
        let first = try CommandLineTests.cxq(["--demo", "--no-rc", "-c", "load c1,c2 2025-07-30..2025-08-02; export csv to out partitioned"],
                                             directory: dir)
        #expect(first.status == 0, "\(first.err)")
        let untouched = dir.appendingPathComponent("out/campaign=c2/month=2025-07/part-0.csv")
        let before = try Data(contentsOf: untouched)
        try "keep me".write(to: dir.appendingPathComponent("out/README"), atomically: true, encoding: .utf8)
        let second = try CommandLineTests.cxq(["--demo", "--no-rc", "-c", "load c1 2025-08-01; export jsonl c1 2025-08-01 to out/ partitioned"],
                                              directory: dir)
        #expect(second.status == 0, "\(second.err)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("out").path)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".jsonl") }.sorted()
        #expect(files == ["campaign=c1/month=2025-07/part-0.csv", "campaign=c1/month=2025-08/part-0.jsonl",
                          "campaign=c2/month=2025-07/part-0.csv", "campaign=c2/month=2025-08/part-0.csv"])
        #expect(try Data(contentsOf: untouched) == before)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/README").path))
        // A jsonl part is a day file: cxq opens it.
        let back = try CommandLineTests.cxq(["--no-rc", "-c", "open out/campaign=c1/month=2025-08/part-0.jsonl"], directory: dir)
        #expect(back.status == 0 && back.out.contains("1 day added"), "\(back.err)")
        let json = try CommandLineTests.cxq(["--demo", "--no-rc", "-c", "load c1 2025-08-01; export json to out/ partitioned"], directory: dir)
        #expect(json.status == 1)
        #expect(json.err.contains("a partitioned export is csv or jsonl"))
    }
}
