// The starter alone: its test passed, and the runtime class path holds no test library and no optional integration.
def entries = new File(basedir, 'target/runtime-classpath.txt').text.trim().split(File.pathSeparator) as List
def banned = ['/org/junit/', '/org/assertj/', '/io/zonky/', '/pgqueuer-junit/', '/io/micrometer/micrometer-core/',
              '/spring-boot-health/', '/spring-jdbc/']
def found = entries.findAll { e -> banned.any { b -> e.replace('\\', '/').contains(b) } }
assert found.isEmpty() : "unexpected libraries on the runtime class path: ${found}"
['pgqueuer-spring-boot-starter', 'pgqueuer-postgres', 'pgqueuer-inmemory'].each { a ->
  assert entries.any { it.contains(a) } : "${a} missing: ${entries}"
}
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.orders.OrdersTest.xml').text
assert report.contains('tests="2"') && report.contains('failures="0"') && report.contains('errors="0"')
long bytes = entries.sum { new File(it).length() }
println "Spring Boot application runtime class path: ${entries.size()} jars, ${bytes} bytes"
return true
