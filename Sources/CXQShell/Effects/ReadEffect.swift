import CXQCore

/// `read PATH`: runs the commands of a file in the same session, stopping at its first error.
enum ReadEffect {
    static let maximumDepth = 16

    static func run(path: String, session: Session) throws(QueryError) {
        guard session.readDepth < maximumDepth else {
            throw QueryError(.effect("read is nested more than \(maximumDepth) deep; does \(path) read itself?", .file), nil)
        }
        let bytes: [UInt8]
        do throws(Files.Failure) { bytes = try Files.read(path) } catch {
            throw QueryError(.effect(error.sentence, .file), nil)
        }
        session.readDepth += 1
        defer { session.readDepth -= 1 }
        let ok = BatchRunner.run(reader: FDLineReader(bytes: bytes), session: session, file: path, keepGoing: false)
        // The failing line was reported with its own location and category already.
        if !ok { throw QueryError(.effect("\(path) stopped at an error", .query), nil) }
    }
}
