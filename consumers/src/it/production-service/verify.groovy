// A production service's runtime class path holds no test library and no in-memory backend.
def entries = new File(basedir, 'target/runtime-classpath.txt').text.trim().split(File.pathSeparator) as List
def banned = ['/org/junit/', '/org/assertj/', '/it/unimi/dsi/fastutil', '/io/zonky/', '/org/testcontainers/',
              '/pgqueuer-junit/', '/pgqueuer-test-database/', '/pgqueuer-inmemory/',
              '/pgqueuer-conformance/']
def found = entries.findAll { e -> banned.any { b -> e.replace('\\', '/').contains(b) } }
assert found.isEmpty() : "test or in-memory libraries on the runtime class path: ${found}"
assert entries.any { it.contains('pgqueuer-postgres') } : "pgqueuer-postgres missing: ${entries}"
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.app.AppTest.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"')
long bytes = entries.sum { new File(it).length() }
println "production runtime class path: ${entries.size()} jars, ${bytes} bytes"
return true
