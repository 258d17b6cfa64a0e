import CXQCore

extension Session {
    /// Evaluates one statement, performs its effect, renders its value: the one `do/catch`
    /// between the core and the user. Returns false when the statement failed.
    func execute(_ statement: Statement, location: SourceLocation, line: [UInt8]) -> Bool {
        let timing = state.settings.timing
        let started = timing ? SystemClock.monotonic() : 0
        defer {
            // A `set timing on` statement times nothing: it was off when it started.
            if timing && state.settings.timing { reportTime(since: started) }
        }
        do throws(QueryError) {
            let value: Value?
            switch try evaluator.evaluate(statement, in: &state) {
            case .value(let v): value = v
            case .effect(let effect): value = try perform(effect, statement: statement, location: location)
            }
            if let value { show(value, command: statement.text) }
            return true
        } catch {
            var e = error
            if let partial = e.partial { show(partial, command: statement.text) }
            if e.range == nil { e.range = statement.range }
            report(e, command: statement.text, location: location, line: line)
            return false
        }
    }

    /// Performs an effect through its handler; returns what to show.
    func perform(_ effect: Effect, statement: Statement, location: SourceLocation) throws(QueryError) -> Value? {
        switch effect {
        case .fetch(let plan):
            let results = FetchEffect.fetch(plan, session: self)
            return try evaluator.absorb(plan, results: results, into: &state)
        case .write(let path, let contents, let summary):
            return try FileEffects.write(path: path, contents: contents, summary: summary)
        case .open(let path):
            let contents = try FileEffects.read(path: path)
            return try evaluator.absorbFile(path: path, contents: contents, into: &state)
        case .run(let path):
            try ReadEffect.run(path: path, session: self)
            return nil
        case .history:
            let rows: [[Cell]] = history.enumerated().map { [.int(Int64($0.offset + 1)), .text($0.element)] }
            return .table(Table(columns: ["#", "command"], rows: rows))
        case .profile(let name):
            return try ProfileEffect.run(name, session: self)
        case .cache(let clear):
            return try CacheEffect.run(clear: clear, session: self)
        case .watch(let seconds, let inner):
            return try WatchEffect.run(seconds: seconds, inner, session: self, location: location)
        case .quit:
            quitRequested = true
            return nil
        }
    }
}
