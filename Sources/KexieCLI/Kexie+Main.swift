import KexieIO

extension Kexie {
    /// The entry point: first SIGINT and SIGTERM are set to remove the temporary files of
    /// outputs in flight (exit 130 or 143), then the command line is parsed and run.
    public static func main() {
        OutputFile.removeTemporaryFilesOnSignals()
        main(nil)
    }
}
