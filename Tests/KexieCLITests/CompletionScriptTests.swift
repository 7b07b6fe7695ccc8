import Testing
import KexieTestSupport

/// `kexie --generate-completion-script SHELL`, as the README tells users to install it.
@Suite struct CompletionScriptTests {
    static let subcommands = ["validate", "summary", "analyze", "gaps", "orphans", "linkage", "render", "report",
                              "generate", "template", "diff", "trend", "whatif", "export"]

    @Test(arguments: ["bash", "zsh", "fish"])
    func namesEverySubcommand(shell: String) throws {
        let r = try runKexie(["--generate-completion-script", shell])
        #expect(r.status == 0, "\(r.stderr)")
        for name in Self.subcommands { #expect(r.stdout.contains(name), "\(shell): \(name)") }
    }

    @Test func bashCompletesOptionsOfASubcommand() throws {
        let r = try runKexie(["--generate-completion-script", "bash"])
        #expect(r.stdout.contains("complete -o filenames -F _kexie kexie"))
        #expect(r.stdout.contains("--frontier-only") && r.stdout.contains("--as-of"))
    }

    @Test func anUnknownShellIsAUsageError() throws {
        let r = try runKexie(["--generate-completion-script", "powershell"])
        #expect(r.status == 64)
    }
}
