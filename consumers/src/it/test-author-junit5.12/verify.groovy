def log = new File(basedir, 'build.log').text
assert log.contains('pgqueuer-junit needs JUnit Jupiter 5.13 or newer') : 'the version message is missing'
assert log.contains('junit-jupiter-api 5.12.2')
assert !log.contains('NoClassDefFoundError') && !log.contains('NoSuchMethodError') : 'a linkage error'
return true
