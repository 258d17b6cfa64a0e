import CXQCore

/// Writes a value's bytes to a file (`save`, `export … to`) and reads day files (`open`).
enum FileEffects {
    /// Writes atomically; the summary is the message shown on success.
    static func write(path: String, contents: [UInt8], summary: String) throws(QueryError) -> Value {
        do throws(Files.Failure) {
            try Files.write(path, contents)
            return .message(summary)
        } catch {
            throw QueryError(.effect(error.sentence, .file), nil)
        }
    }

    /// A partitioned export: each part file written atomically into its folder (made as
    /// needed), then the folder's other `part-*` files removed, so a re-export replaces exactly
    /// the partitions it writes and leaves every other folder alone.
    static func writePartitioned(root: String, parts: [Exporter.Partition], summary: String) throws(QueryError) -> Value {
        var base = root
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        do throws(Files.Failure) {
            for part in parts {
                let dir = base + "/" + part.directory
                try Files.makeDirectories(dir)
                try Files.write(dir + "/" + part.file, part.contents)
                try Files.removeEntries(in: dir) { $0.hasPrefix("part-") && $0 != part.file }
            }
        } catch {
            throw QueryError(.effect(error.sentence, .file), nil)
        }
        return .message(summary)
    }

    /// Reads and validates a day file; bad lines are kept as problems for the core to report.
    static func read(path: String) throws(QueryError) -> DayRecord.FileContents {
        if Files.isTemporary(path) {
            throw QueryError(.effect("\(path) is a temporary file left by an interrupted save or export, not a day file; remove it", .file), nil)
        }
        do throws(Files.Failure) {
            // Streamed: the file is never held whole, only its days' values.
            var decoder: DayFileDecoder?
            let now = SystemClock.now()
            try Files.stream(path, regularOnly: true, sized: { decoder = DayFileDecoder(sourceDetail: path, fetchedAt: now, expectedBytes: $0) }) { chunk in
                if decoder == nil { decoder = DayFileDecoder(sourceDetail: path, fetchedAt: now) }
                decoder!.feed(chunk)
            }
            var d = decoder ?? DayFileDecoder(sourceDetail: path, fetchedAt: now)
            return d.finish()
        } catch {
            throw QueryError(.effect(error.sentence, .file), nil)
        }
    }
}
