def log = new File(basedir, 'build.log').text
assert log.contains('no PostgreSQL could be provisioned for tests') : 'the documented message is missing'
assert log.contains('Testcontainers') : 'the message does not say what Testcontainers found'
assert !log.contains('NoClassDefFoundError') && !log.contains('ClassNotFoundException') : 'a linkage error'
return true
