// Runs the modular application on the module path, then checks that a module of its own cannot read the library's
// internal package (exported to the library's own modules only).
def modulePath = new File(basedir, 'target/runtime-classpath.txt').text.trim() + File.pathSeparator +
    new File(basedir, 'target/classes').path
def java = new File(System.getProperty('java.home'), 'bin/java').path
def run = [java, '--module-path', modulePath, '-m', 'com.example.modular/com.example.modular.Main'].execute()
def out = new StringBuilder(), err = new StringBuilder()
run.waitForProcessOutput(out, err)
assert run.exitValue() == 0 : "the modular application failed: ${out}${err}"
assert out.toString().contains('handled 2, successful 2') : "unexpected output: ${out}${err}"
assert out.toString().contains('module of the PostgreSQL backend: dev.pgqueuer.postgres') : "output: ${out}"

def probe = new File(basedir, 'target/probe')
new File(probe, 'src/probe').mkdirs()
new File(probe, 'src/module-info.java').text = 'module probe { requires dev.pgqueuer; }'
new File(probe, 'src/probe/Probe.java').text =
    'package probe; public class Probe { Object o = dev.pgqueuer.internal.Times.class; }'
def javac = new File(System.getProperty('java.home'), 'bin/javac').path
def compile = [javac, '--module-path', modulePath, '-d', new File(probe, 'classes').path,
               new File(probe, 'src/module-info.java').path, new File(probe, 'src/probe/Probe.java').path].execute()
def cout = new StringBuilder(), cerr = new StringBuilder()
compile.waitForProcessOutput(cout, cerr)
assert compile.exitValue() != 0 : 'a user module could read dev.pgqueuer.internal'
assert "${cout}${cerr}".contains('package dev.pgqueuer.internal is not visible') : "unexpected: ${cout}${cerr}"
