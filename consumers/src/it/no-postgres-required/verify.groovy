def log = new File(basedir, 'build.log').text
assert log.contains('no PostgreSQL could be provisioned for tests') : 'the documented message is missing'
assert log.contains('no embedded PostgreSQL binaries for this platform on the class path')
assert log.contains('Provide one with -Dpgqueuer.test.jdbc-url=')
assert !log.contains('NoClassDefFoundError') && !log.contains('ClassNotFoundException') : 'a linkage error'
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.memory.InMemoryOnlyTest.xml').text
assert report.contains('inMemoryTestsNeedNoDatabase') && report.contains('[in-memory]')
return true
