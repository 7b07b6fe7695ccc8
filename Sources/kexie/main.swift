import KexieCLI

Kexie.main()
