import CXQCore

extension Session {
    /// The render options for the current settings and output device.
    var renderOptions: RenderOptions {
        let s = state.settings
        let color: Bool
        switch s.color {
        case .on: color = true
        case .off: color = false
        case .auto: color = out.isTerminal && environment["NO_COLOR", default: ""].isEmpty
        }
        var options = RenderOptions(format: s.format, precision: s.precision, color: color,
                                    width: out.isTerminal ? Terminal.width() : nil, null: s.null)
        // A co-process reads JSON whatever `set format` says (it is for files written with `to`).
        if coprocess {
            options.rich = true
            options.format = .json
        }
        return options
    }

    /// Renders a value on standard output — except messages in csv, tsv and markdown, which go
    /// to standard error so that standard output holds nothing but data.
    func show(_ value: Value, command: String) {
        if case .none = value { return }
        var bytes: [UInt8] = []
        let options = renderOptions
        Renderer.render(value, command: command, options: options, into: &bytes)
        var sink = out
        if options.format == .csv || options.format == .tsv || options.format == .markdown {
            switch value {
            case .message, .loaded, .help:
                out.flush()
                sink = err
            default: break
            }
        }
        if interactive, !pagerSuspended, sink === out, pagerWanted(bytes) {
            out.flush()
            if Pager.show(bytes, command: pagerCommand!) { return }
        }
        sink.write(bytes)
        if interactive || sink === err { sink.flush() }
    }

    /// `$PAGER`, else `less -FRX`; nil when `PAGER` is set to nothing (no pager, as psql).
    var pagerCommand: String? {
        guard let p = environment["PAGER"] else { return Pager.defaultCommand }
        return p.isEmpty ? nil : p
    }

    func pagerWanted(_ bytes: [UInt8]) -> Bool {
        Pager.wanted(bytes, mode: state.settings.pager, terminal: out.isTerminal, rows: Pager.rows(), command: pagerCommand)
    }

    /// Reports an error on standard error (and as a JSON object on standard output when the
    /// format is json).
    func report(_ error: QueryError, command: String, location: SourceLocation, line: [UInt8]) {
        noteFailure(error.category.exitStatus)
        if out.isTerminal || interactive { out.flush() }
        let color = state.settings.color == .on ||
            (state.settings.color == .auto && err.isTerminal && environment["NO_COLOR", default: ""].isEmpty)
        let loc: SourceLocation? = interactive && location.file == "<stdin>" ? nil : location
        // A co-process reads the error object; the text would only say it twice.
        if !coprocess {
            err.write(Diagnostic.render(message: error.message, location: loc, range: error.range, line: line, color: color))
            err.flush()
        }
        if state.settings.format == .json || coprocess {
            var bytes: [UInt8] = []
            Renderer.jsonError(error, command: command, line: location.line,
                               column: error.range.map { Diagnostic.column(of: $0.lower, in: line) }, into: &bytes)
            out.write(bytes)
            if interactive { out.flush() }
        }
    }

    /// Keeps the exit status of the first failure (`--keep-going` ends with it).
    public func noteFailure(_ status: Int32) {
        if firstFailure == nil { firstFailure = status }
    }

    /// `time: 1.234 ms` on standard error, for `set timing on`.
    func reportTime(since started: Double) {
        let ms = (SystemClock.monotonic() - started) * 1000
        err.write("time: \(NumberFormat.fixed(ms, places: 3)) ms\n")
        err.flush()
    }
}
