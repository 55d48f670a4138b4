def report = new File(basedir, 'target/surefire-reports/TEST-com.example.memory.InMemoryOnlyTest.xml').text
assert report.contains('tests="3"') && report.contains('failures="0"') && report.contains('errors="0"')
assert report.contains('skipped="1"') : 'the PostgreSQL leg was not skipped'
def log = new File(basedir, 'build.log').text
assert !log.contains('NoClassDefFoundError') && !log.contains('ClassNotFoundException') : 'a linkage error'
return true
