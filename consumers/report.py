#!/usr/bin/env python3
"""Prints what the consumer builds measured: each published artifact's jar size and runtime dependencies, the
class paths of the sample projects, and the median time per test. Run after
`mvn -B -Pconsumers verify -pl consumers -am -DskipTests`; with --fresh it also builds the JUnit 6 sample in an empty
local repository (this build's artifacts copied in) and reports what that first build downloaded; with --repeat N it
runs the JUnit 6 sample's tests N more times, each in a new JVM as a user's build does, and prints every run's medians
and their spread (one run's whole-millisecond medians move from run to run); --argline "OPTIONS" passes JVM options
to those test JVMs (surefire's argLine), to measure what a user's own settings change."""
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
IT = os.path.join(HERE, "target", "it")
REPO = os.path.join(HERE, "target", "consumer-repo")
ARTIFACTS = ["pgqueuer-core", "pgqueuer-inmemory", "pgqueuer-postgres", "pgqueuer-test-database", "pgqueuer-junit",
             "pgqueuer-conformance", "pgqueuer-cli", "pgqueuer-micrometer", "pgqueuer-spring-boot-starter"]
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def mb(n):
    return "%.1f MB" % (n / 1e6)


def classpath(sample, name):
    path = os.path.join(IT, sample, "target", name)
    entries = [e for e in open(path).read().strip().split(os.pathsep) if e]
    return entries, sum(os.path.getsize(e) for e in entries)


def medians(sample):
    out = {}
    for f in sorted(glob.glob(os.path.join(IT, sample, "target", "surefire-reports", "TEST-*.xml"))):
        root = ET.parse(f).getroot()
        times = [float(c.get("time")) for c in root.iter("testcase")]
        if len(times) > 1:
            out[root.get("name").rsplit(".", 1)[1]] = (len(times), statistics.median(times[1:]) * 1000)
    return out


def runtime_dependencies(artifact):
    """The jar's size and the dependencies its installed POM declares (test scope left out)."""
    version_dir = [d for d in glob.glob(os.path.join(REPO, "dev", "pgqueuer", artifact, "*")) if os.path.isdir(d)][0]
    pom = glob.glob(os.path.join(version_dir, "*.pom"))[0]
    root = ET.parse(pom).getroot()
    deps = []
    for d in root.findall("m:dependencies/m:dependency", NS):
        scope = d.findtext("m:scope", "compile", NS)
        optional = d.findtext("m:optional", "false", NS) == "true"
        if scope in ("test",):
            continue
        a = d.findtext("m:artifactId", namespaces=NS)
        note = scope if scope != "compile" else ""
        if optional:
            note = (note + " optional").strip()
        deps.append(a + (" (" + note + ")" if note else ""))
    jar = [j for j in glob.glob(os.path.join(version_dir, "*.jar")) if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    return os.path.getsize(jar[0]), deps


def fresh():
    """Builds the JUnit 6 sample in an empty local repository holding only this build's artifacts."""
    work = tempfile.mkdtemp(prefix="pgqueuer-fresh-")
    repo = os.path.join(work, "repo")
    shutil.copytree(os.path.join(REPO, "dev", "pgqueuer"), os.path.join(repo, "dev", "pgqueuer"))
    own = du(repo)
    sample = os.path.join(work, "sample")
    shutil.copytree(os.path.join(IT, "test-author-junit6"), sample, ignore=shutil.ignore_patterns("target", "build.log"))
    subprocess.run(["mvn", "-B", "-q", "-Dmaven.repo.local=" + repo, "verify", "-Dpgqueuer.test.postgres=required"],
                   cwd=sample, check=True, env={k: v for k, v in os.environ.items()
                                                if k not in ("PGQUEUER_TEST_JDBC_URL", "PGQUEUER_TEST_POSTGRES")})
    total = du(repo) - own
    shutil.rmtree(work)
    return total


def repeat(runs, argline=None):
    """Runs the JUnit 6 sample's tests `runs` times, then as often its empty baseline test alone, with `argline` as
    the test JVMs' options when given; returns {test class: [median ms of each run]}."""
    sample = os.path.join(IT, "test-author-junit6")
    env = {k: v for k, v in os.environ.items() if k not in ("PGQUEUER_TEST_JDBC_URL", "PGQUEUER_TEST_POSTGRES")}
    out = {}
    for selection in ([], ["-Dtest=EmptyTestBaseline"]):
        for _ in range(runs):
            run = subprocess.run(["mvn", "-B", "-q", "-o", "-s", os.path.join(HERE, "src", "it", "settings.xml"),
                                  "-Dmaven.repo.local=" + REPO, "surefire:test", "-Dpgqueuer.test.postgres=required"]
                                 + selection + (["-DargLine=" + argline] if argline else []),
                                 cwd=sample, env=env, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit("the JUnit 6 sample's tests failed:\n" + run.stdout + run.stderr)
            for cls, (_, ms) in medians("test-author-junit6").items():
                if (cls == "EmptyTestBaseline") == bool(selection):
                    out.setdefault(cls, []).append(ms)
    return out


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    if not os.path.isdir(IT):
        sys.exit("no consumer builds in " + IT + ": run mvn -B -Pconsumers verify -pl consumers -am -DskipTests")
    print("| artifact | jar | runtime dependencies (declared) |")
    print("|---|---|---|")
    for a in ARTIFACTS:
        if not glob.glob(os.path.join(REPO, "dev", "pgqueuer", a, "*", "*.pom")):
            print("| `%s` | not in the samples' repository | |" % a)
            continue
        size, deps = runtime_dependencies(a)
        print("| `%s` | %d KB | %s |" % (a, size // 1000, ", ".join(deps)))
    print()
    print("| class path | jars | size |")
    print("|---|---|---|")
    for sample, name, label in [
            ("test-author-junit6", "test-classpath.txt", "test author, JUnit 6, with the PostgreSQL leg"),
            ("test-author-junit5.13", "test-classpath.txt", "test author, JUnit 5.13, with the PostgreSQL leg"),
            ("no-postgres-required", "test-classpath.txt", "test author, JUnit 6, in memory only (binaries excluded)"),
            ("production-service", "runtime-classpath.txt", "production service, runtime"),
            ("spring-boot-app", "runtime-classpath.txt", "Spring Boot 4.0.7 application with the starter, runtime")]:
        if not os.path.isfile(os.path.join(IT, sample, "target", name)):
            print("| %s | not built | |" % label)
            continue
        entries, size = classpath(sample, name)
        print("| %s | %d | %s |" % (label, len(entries), mb(size)))
    print()
    print("| sample | test class | tests | median ms per test after the first |")
    print("|---|---|---|---|")
    for sample in ("test-author-junit5.13", "test-author-junit5.14", "test-author-junit6"):
        for cls, (n, ms) in medians(sample).items():
            if cls == "EmptyTestBaseline":
                continue
            print("| %s | %s | %d | %.1f |" % (sample, cls, n, ms))
    if "--repeat" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--repeat") + 1])
        argline = sys.argv[sys.argv.index("--argline") + 1] if "--argline" in sys.argv else None
        print()
        print("| JUnit 6 sample, %d runs%s | median ms per test after the first, each run | mean | target | runs within |"
              % (runs, ", argLine " + argline if argline else ""))
        print("|---|---|---|---|---|")
        for cls, ms in repeat(runs, argline).items():
            target = 1 if "InMemory" in cls else 5 if "Postgres" in cls else None
            if target is not None:
                print("| %s | %s | %.1f | %d ms | %d of %d |" % (cls, " ".join("%g" % m for m in ms), statistics.mean(ms),
                                                             target, sum(m <= target for m in ms), len(ms)))
            elif cls == "EmptyTestBaseline":
                print("| %s (no extension, empty, alone in its JVM) | %s | %.1f | | |" % (
                    cls, " ".join("%g" % m for m in ms), statistics.mean(ms)))
    if "--fresh" in sys.argv:
        print()
        print("first build of the JUnit 6 sample in an empty local repository downloaded %s" % mb(fresh()))


if __name__ == "__main__":
    main()
