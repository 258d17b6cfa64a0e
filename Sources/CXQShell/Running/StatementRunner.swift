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
            commandDone()
        }
        do throws(QueryError) {
            guard let value = try outcome(of: statement, location: location) else { return true }
            if let path = statement.output {
                show(try write(value, to: path, command: statement.text), command: statement.text)
            } else {
                show(value, command: statement.text)
            }
            return true
        } catch {
            var e = error
            // In JSON the one error object carries what a load brought (decision 19).
            if let partial = e.partial, state.settings.format != .json { show(partial, command: statement.text) }
            if e.range == nil { e.range = statement.range }
            report(e, command: statement.text, location: location, line: line)
            return false
        }
    }

    /// Evaluates a statement, performing its effects; a statement whose days had to be fetched
    /// first (autoload, the B side of a comparison) is evaluated again once they are in.
    func outcome(of statement: Statement, location: SourceLocation) throws(QueryError) -> Value? {
        // Taken only when days are brought in for the statement: a copy of the state shares the
        // workspace's columns, so holding one while a `load` adds days would copy them all.
        var before: SessionState?
        do throws(QueryError) {
            for _ in 0..<4 {
                switch try evaluator.evaluate(statement, in: &state) {
                case .value(let v): return v
                case .effect(.fetch(let plan)) where !isLoad(plan):
                    if before == nil { before = state }
                    _ = try evaluator.absorb(plan, results: try FetchEffect.fetch(plan, session: self), into: &state)
                case .effect(let effect):
                    return try perform(effect, statement: statement, location: location)
                }
            }
            throw QueryError(.data("the days this command needs could not all be brought in"), nil)
        } catch {
            // A command that fails after days were brought in for it leaves the workspace as it was.
            if let before { state = before }
            throw error
        }
    }

    /// After each command's answer: flushed at once when someone waits for it (a pipe, a
    /// co-process). From a file, `BatchRunner` flushes at least every quarter of a second.
    @inline(__always)
    func commandDone() {
        if flushEachCommand {
            out.flush()
            err.flush()
        }
    }

    func isLoad(_ plan: FetchPlan) -> Bool {
        if case .load = plan.purpose { return true }
        return false
    }

    /// `… to PATH`: the value written in the format the extension names, atomically.
    func write(_ value: Value, to path: String, command: String) throws(QueryError) -> Value {
        var options = renderOptions
        options.color = false
        options.width = nil
        options.rich = false
        options.format = state.settings.format // a file takes `set format`, even in a co-process
        let lower = path.lowercased()
        for (ext, format) in [(".csv", OutputFormat.csv), (".tsv", .tsv), (".json", .json), (".md", .markdown), (".txt", .table)]
        where lower.hasSuffix(ext) { options.format = format }
        var bytes: [UInt8] = []
        if lower.hasSuffix(".svg") {
            let plot: Plot
            switch value {
            case .plot(let p): plot = p
            case .chart(let c): plot = c.plot
            default: throw QueryError(.effect("only charts can be written as SVG images; use .csv, .tsv, .json, .md or .txt for this", .file), nil)
            }
            let svg = SVGChart.render(plot, precision: options.precision)
            _ = try FileEffects.write(path: path, contents: Array(svg.utf8), summary: "")
            return .message("wrote a \(plot.isHeatmap ? "heatmap" : "bar chart") of \(plural(plot.rowLabels.count, "row")) to \(path)")
        }
        Renderer.render(value, command: command, options: options, into: &bytes)
        _ = try FileEffects.write(path: path, contents: bytes, summary: "")
        let rows: Int
        switch value {
        case .table(let t): rows = t.rows.count
        case .chart(let c): rows = c.hours.count
        case .plot(let p): rows = p.table.rows.count
        default: rows = 1
        }
        return .message("wrote \(plural(rows, "row")) to \(path)")
    }

    /// Performs an effect through its handler; returns what to show.
    func perform(_ effect: Effect, statement: Statement, location: SourceLocation) throws(QueryError) -> Value? {
        switch effect {
        case .fetch(let plan):
            let results = try FetchEffect.fetch(plan, session: self)
            return try evaluator.absorb(plan, results: results, into: &state)
        case .write(let path, let contents, let summary):
            return try FileEffects.write(path: path, contents: contents, summary: summary)
        case .writePartitioned(let root, let parts, let summary):
            return try FileEffects.writePartitioned(root: root, parts: parts, summary: summary)
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
