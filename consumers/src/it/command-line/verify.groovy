// Runs the fetched executable jar: the SQL a migration tool needs, usage and connection errors with their exit
// codes, and, when CI provides a database, install, verify and uninstall in a schema of its own.
jar = new File(basedir, 'target/pgq/pgqueuer-cli-0.1.0-SNAPSHOT-all.jar')
assert jar.isFile() : "the executable jar was not fetched: ${jar}"
java = new File(System.getProperty('java.home'), 'bin/java').path

def pgq(List<String> args) {
  def env = System.getenv().findAll { k, v -> k != 'PGQUEUER_URL' }.collect { k, v -> "${k}=${v}" }
  def p = ([java, '-jar', jar.path] + args).execute(env, basedir)
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  return [p.exitValue(), out.toString(), err.toString()]
}

def (code, out, err) = pgq(['--schema', 'jobs', '--prefix', 'app_', 'sql', 'install'])
assert code == 0 : "sql install failed: ${err}"
assert out.contains('CREATE TABLE "jobs"."app_pgqueuer"') : "no queue table in the install SQL: ${out}"

(code, out, err) = pgq(['no-such-verb'])
assert code == 2 : "an unknown verb must exit 2, got ${code}: ${err}"

(code, out, err) = pgq(['--url', 'jdbc:postgresql://127.0.0.1:1/none?user=nobody', 'queue'])
assert code == 3 : "an unreachable database must exit 3, got ${code}: ${err}"

def url = System.getenv('PGQUEUER_TEST_JDBC_URL')
if (url != null) {
  def schema = 'pgq_sample_' + Long.toHexString(System.nanoTime())
  (code, out, err) = pgq(['--url', url, '--schema', schema, 'queue'])
  assert code == 4 : "a queue that is not installed must exit 4, got ${code}: ${out}${err}"
  (code, out, err) = pgq(['--url', url, '--schema', schema, 'verify'])
  assert code == 1 && out.contains('missing: ') : "verify must list what is missing, got ${code}: ${out}${err}"
  (code, out, err) = pgq(['--url', url, '--schema', schema, 'install'])
  assert code == 0 : "install failed: ${out}${err}"
  try {
    (code, out, err) = pgq(['--url', url, '--schema', schema, 'verify'])
    assert code == 0 : "verify after install failed: ${out}${err}"
    (code, out, err) = pgq(['--url', url, '--schema', schema, 'enqueue', 'mail'])
    assert code == 0 : "enqueue failed: ${out}${err}"
    (code, out, err) = pgq(['--url', url, '--schema', schema, 'queue'])
    assert code == 0 && out.contains('mail') : "queue size does not show the job: ${out}${err}"
  } finally {
    (code, out, err) = pgq(['--url', url, '--schema', schema, 'uninstall'])
    assert code == 0 : "uninstall failed: ${out}${err}"
  }
}
