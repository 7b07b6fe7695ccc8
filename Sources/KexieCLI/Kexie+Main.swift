import ArgumentParser
import KexieIO

extension Kexie {
    /// The entry point: first SIGINT and SIGTERM are set to remove the temporary files of
    /// outputs in flight (exit 130 or 143) and SIGXFSZ is ignored (a write past `ulimit -f`
    /// fails and is exit 74), then the command line is parsed and run.
    ///
    /// The one error path: ArgumentParser reports what it finds while parsing (usage, exit 64);
    /// what a command throws while running is told on stderr here and exits with its status.
    public static func main() {
        OutputFile.removeTemporaryFilesOnSignals()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            exit(withError: told(error))
        }
    }

    /// Tells stderr why a command failed and returns the exit code for it. A `ValidationError`
    /// from a running command is a usage error found in the data (an id no row has), told as
    /// `kexie: message`, without the usage line. Other errors (ArgumentParser's `CleanExit` for
    /// help) go back to ArgumentParser as they are.
    private static func told(_ error: any Error) -> any Error {
        switch error {
        case let failure as KexieCommandError:
            if case let .datasetNotLoaded(_, load) = failure { Console.printDiagnostics(load.log, includeWarnings: true) }
            if let message = failure.message { Console.err("kexie: \(message)") }
            return ExitCode(ExitStatus(failure).rawValue)
        case let usage as ValidationError:
            Console.err("kexie: \(usage.message)")
            return ExitCode(ExitStatus.usage.rawValue)
        default:
            return error
        }
    }
}
