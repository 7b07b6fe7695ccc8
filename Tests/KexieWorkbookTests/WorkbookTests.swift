import Testing
@testable import KexieWorkbook
