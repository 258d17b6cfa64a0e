#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import CXQCore
import CXQShell

/// The command line of cxq: parsed here, run by `Launcher`.
struct CXQ: ParsableArguments {
    static let configuration = CommandConfiguration(
        commandName: "cxq",
        abstract: "A query shell for CloserX campaign analytics.",
        discussion: "Interactive when standard input is a terminal; otherwise runs the commands it reads. See docs/language.md.")

    @Option(name: .short, help: ArgumentHelp("Run these commands and exit (repeatable; ';' separates commands; with a file, every -c runs first).", valueName: "COMMANDS"))
    var c: [String] = []

    @Option(name: .short, help: ArgumentHelp("Run the commands in this file and exit.", valueName: "FILE"))
    var f: String?

    @Option(name: .customShort("D"), help: ArgumentHelp("Define a parameter: ${NAME} in a line becomes VALUE (repeatable).", valueName: "NAME=VALUE"))
    var define: [String] = []

    @Flag(name: .long, help: "Report every syntax error of the input and run nothing (exit 0 or 1).")
    var check = false

    @Flag(name: .long, help: "Use the built-in demo data (also CXQ_DEMO=1); without it, a script with no credentials fails.")
    var demo = false

    @Argument(help: ArgumentHelp("A script file to run (the same as -f).", valueName: "FILE"))
    var script: String?

    @Flag(name: .long, help: "Run every command even after an error (the exit status is that of the first failure).")
    var keepGoing = false

    @Flag(name: .long, help: "Do not run ~/.cxqrc first.")
    var noRc = false

    @Option(name: .long, help: ArgumentHelp("Output format: table, csv, tsv, json or markdown.", valueName: "FORMAT"))
    var format: String?

    @Option(name: .long, help: ArgumentHelp("Use this profile of the config file ($XDG_CONFIG_HOME/cxq/config.toml).", valueName: "NAME"))
    var profile: String?

    @Flag(name: .long, help: "Be driven by another program: JSON answers flushed per line, each line's answers ended by {\"kind\":\"ready\"}; a line '.complete TEXT' asks for completions (docs/notebooks.md).")
    var coprocess = false

    @Flag(name: .long, help: "Print cxq's version and exit.")
    var version = false

    @Flag(name: .long, help: "Log each request (method, URL, status, time, retries; never the key) on standard error.")
    var verbose = false

    mutating func validate() throws {
        if f != nil && script != nil { throw ValidationError("give a script either with -f or as an argument, not both") }
        for d in define where Parameters.definition(d) == nil {
            throw ValidationError("-D takes NAME=VALUE with NAME a letter or '_' then letters, digits or '_'; got '\(d)'")
        }
        if let format, OutputFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown format '\(format)'; use table, csv, tsv, json or markdown")
        }
    }
}

let argv = Array(CommandLine.arguments.dropFirst())
if let quick = QuickArguments.parse(argv) {
    exit(Launcher.run(quick))
}

let arguments: CXQ
do {
    arguments = try CXQ.parse(argv)
} catch {
    let code = CXQ.exitCode(for: error)
    // Help and version requests succeed; any other problem with the command line is status 2.
    if code == .success { print(CXQ.fullMessage(for: error)); exit(0) }
    var stderr = StandardError()
    print("cxq: " + CXQ.message(for: error), to: &stderr)
    print("Usage: cxq [-c COMMANDS]... [-f FILE | FILE] [-D NAME=VALUE]... [--check] [--demo] [--keep-going] [--no-rc] [--format FORMAT] [--profile NAME] [--verbose] [--coprocess] [--version]", to: &stderr)
    exit(2)
}

if arguments.version {
    print(Version.text)
    exit(0)
}

var options = LaunchOptions()
options.commands = arguments.c
options.file = arguments.f ?? arguments.script
options.keepGoing = arguments.keepGoing
options.noRC = arguments.noRc
options.format = arguments.format.flatMap { OutputFormat(rawValue: $0.lowercased()) }
options.profile = arguments.profile
options.verbose = arguments.verbose
options.check = arguments.check
options.demo = arguments.demo
options.coprocess = arguments.coprocess
options.parameters = arguments.define.compactMap(Parameters.definition)
exit(Launcher.run(options))
